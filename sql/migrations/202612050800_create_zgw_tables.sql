-- ZGW (zaakgericht werken) link: per-municipality Zaken/Notificaties settings, the zaaktype to
-- milestone mapping, the inbox of received notificaties, stored zaak links and the system user.

CREATE TABLE plan.zgw_config (
    municipality_code text PRIMARY KEY REFERENCES ref.municipality,
    zaken_url text NOT NULL,
    notificaties_url text NOT NULL,
    client_id text NOT NULL,
    secret text NOT NULL,
    receive_token_sha256 text,
    abonnement_url text,
    subscribed_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT zgw_url_invalid CHECK (zaken_url ~ '^https?://' AND notificaties_url ~ '^https?://'),
    CONSTRAINT zgw_client_blank CHECK (btrim(client_id) <> '' AND btrim(secret) <> '')
);
COMMENT ON TABLE plan.zgw_config IS 'How DIWI reaches a municipality''s zaak system (ZGW Zaken and Notificaties APIs).';
COMMENT ON COLUMN plan.zgw_config.zaken_url IS 'Base URL of the Zaken API, e.g. https://zaken.example.nl/zaken/api/v1.';
COMMENT ON COLUMN plan.zgw_config.secret IS 'Shared secret of client_id for the HS256 JWTs DIWI sends (plain: signing needs it).';
COMMENT ON COLUMN plan.zgw_config.receive_token_sha256 IS 'SHA-256 (hex) of the bearer token DIWI gave in its abonnement; notificaties must carry it.';
CREATE UNIQUE INDEX zgw_config_receive_token ON plan.zgw_config (receive_token_sha256);

CREATE TABLE plan.zgw_mapping (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    municipality_code text NOT NULL REFERENCES ref.municipality,
    zaaktype text NOT NULL,
    moment text NOT NULL CHECK (moment IN ('start', 'end')),
    description text NOT NULL,
    status text NOT NULL DEFAULT 'realised' REFERENCES ref.milestone_status,
    CONSTRAINT zgw_mapping_blank CHECK (btrim(zaaktype) <> '' AND btrim(description) <> ''),
    UNIQUE (municipality_code, zaaktype, moment)
);
COMMENT ON TABLE plan.zgw_mapping IS 'Which milestone a zaak of a zaaktype sets: at its start (registratiedatum/startdatum) or its end (einddatum).';

CREATE TABLE plan.zgw_zaak_link (
    zaak_url text PRIMARY KEY,
    municipality_code text NOT NULL REFERENCES ref.municipality,
    project_id uuid NOT NULL REFERENCES plan.project ON DELETE CASCADE,
    matched_by text NOT NULL CHECK (matched_by IN ('link', 'parcels', 'area', 'manual')),
    linked_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE plan.zgw_zaak_link IS 'A zaak of the zaak system linked to a project; later notificaties of the zaak use it first.';
CREATE INDEX ON plan.zgw_zaak_link (project_id);

CREATE TABLE plan.zgw_notification (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    municipality_code text NOT NULL REFERENCES ref.municipality,
    dedup_key text NOT NULL,
    body jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    state text NOT NULL DEFAULT 'received'
        CHECK (state IN ('received', 'linked', 'unmatched', 'ignored', 'error')),
    zaak_url text,
    project_id uuid REFERENCES plan.project ON DELETE SET NULL,
    matched_by text,
    reason text,
    changes jsonb NOT NULL DEFAULT '[]',
    attempts integer NOT NULL DEFAULT 0,
    error text,
    processed_at timestamptz,
    UNIQUE (municipality_code, dedup_key)
);
COMMENT ON TABLE plan.zgw_notification IS 'Inbox of notificaties received from the Notificaties API, with what processing did (the admin''s log).';
COMMENT ON COLUMN plan.zgw_notification.dedup_key IS 'SHA-256 of kanaal, hoofdObject, resource, resourceUrl, actie and aanmaakdatum: the same notificatie twice is stored once.';
COMMENT ON COLUMN plan.zgw_notification.changes IS 'Milestones changed: [{description, action, old_date, old_status, date, status}].';
CREATE INDEX ON plan.zgw_notification (municipality_code, received_at DESC);

-- the system user that records milestone changes coming from the zaak system (never signs in)
INSERT INTO auth.app_user (email, active, fs_uniquifier, first_name, last_name, is_system)
VALUES ('zaaksysteem@system.diwi.invalid', false, 'system-zgw', 'Zaaksysteem', '(ZGW)', true)
ON CONFLICT DO NOTHING;
