-- WebAuthn security keys per user; column names follow flask-security-too's fsqla_v3 WebAuthn model.

CREATE TABLE auth.webauthn (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    user_id uuid NOT NULL REFERENCES auth.app_user ON DELETE CASCADE,
    name text NOT NULL,
    credential_id bytea NOT NULL,
    public_key bytea NOT NULL,
    sign_count integer NOT NULL DEFAULT 0,
    transports text,
    backup_state boolean NOT NULL DEFAULT false,
    device_type text NOT NULL,
    extensions text,
    usage text NOT NULL,
    create_datetime timestamptz NOT NULL DEFAULT now(),
    lastuse_datetime timestamptz NOT NULL,
    CONSTRAINT webauthn_name_invalid CHECK (btrim(name) <> '' AND char_length(name) <= 64),
    CONSTRAINT webauthn_name_taken UNIQUE (user_id, name),
    CONSTRAINT webauthn_credential_id_invalid CHECK (octet_length(credential_id) BETWEEN 1 AND 1024),
    CONSTRAINT webauthn_credential_id_taken UNIQUE (credential_id),
    CONSTRAINT webauthn_sign_count_invalid CHECK (sign_count >= 0),
    CONSTRAINT webauthn_usage_invalid CHECK (usage IN ('first', 'secondary'))
);
COMMENT ON TABLE auth.webauthn IS 'Registered WebAuthn security keys (FIDO2); only the public key is stored. Deleted with their user.';
COMMENT ON COLUMN auth.webauthn.name IS 'The name the user gave the key, unique per user (for example "Sleutel 1").';
COMMENT ON COLUMN auth.webauthn.credential_id IS 'The credential id the authenticator returned (raw bytes, at most 1024).';
COMMENT ON COLUMN auth.webauthn.public_key IS 'The credential public key (COSE) that verifies the key''s signatures.';
COMMENT ON COLUMN auth.webauthn.sign_count IS 'The last signature counter the key reported; a lower one signals a cloned key.';
COMMENT ON COLUMN auth.webauthn.transports IS 'Comma-separated transports (usb, nfc, ble, internal, hybrid) the browser reported.';
COMMENT ON COLUMN auth.webauthn.backup_state IS 'Whether the credential is backed up (a synced passkey).';
COMMENT ON COLUMN auth.webauthn.device_type IS 'single_device or multi_device, as reported at registration and the last use.';
COMMENT ON COLUMN auth.webauthn.extensions IS 'The client extension results of the registration as JSON (credProps).';
COMMENT ON COLUMN auth.webauthn.usage IS 'first (sign-in without password) or secondary (second step after the password).';
COMMENT ON COLUMN auth.webauthn.lastuse_datetime IS 'When the key was registered or last used to sign in.';
COMMENT ON COLUMN auth.app_user.fs_webauthn_user_handle IS 'The random WebAuthn user handle (user.id) given to security keys; never the user''s uuid.';
