-- Personal API tokens for QGIS, GDAL and scripts; only a SHA-256 hash is stored, revocable.

CREATE TABLE auth.api_token (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    user_id uuid NOT NULL REFERENCES auth.app_user ON DELETE CASCADE,
    name text NOT NULL,
    token_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at timestamptz,
    CONSTRAINT api_token_name_missing CHECK (btrim(name) <> ''),
    CONSTRAINT api_token_hash_invalid CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT api_token_hash_taken UNIQUE (token_hash)
);
CREATE INDEX api_token_user ON auth.api_token (user_id);
COMMENT ON TABLE auth.api_token IS 'API tokens per user (Authorization: Bearer or X-API-Key); the token itself is shown once and never stored.';
