-- Users, roles and user groups per municipality; column names follow flask-security-too's fsqla_v3 model.

CREATE TABLE auth.role (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    name text NOT NULL UNIQUE CHECK (name ~ '^[a-z_]+$'),
    label_nl text NOT NULL,
    description text,
    permissions text,
    update_datetime timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE auth.role IS 'DIWI roles (admin, user_plus, user, management, council, external, region_reader, province_reader).';
INSERT INTO auth.role (name, label_nl, description) VALUES
    ('admin', 'Beheerder', 'Configures the municipality''s DIWI and its users; sees no projects.'),
    ('user_plus', 'Hoofdgebruiker', 'Edits all projects of the municipality, imports, exports and configures custom properties.'),
    ('user', 'Gebruiker', 'Creates projects and edits the projects of their user groups.'),
    ('management', 'Collegelid en management', 'Reads projects from level internal-management up.'),
    ('council', 'Raadslid', 'Reads projects from level internal-council up.'),
    ('external', 'Externe gebruiker', 'Partner (developer, housing association) working only on admitted projects.'),
    ('region_reader', 'Regio', 'Reads the housing region''s projects from level external-regional up.'),
    ('province_reader', 'Provincie', 'Reads the province''s projects from level external-governmental up.');

CREATE TABLE auth.app_user (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    email text NOT NULL,
    username text UNIQUE,
    password text,
    active boolean NOT NULL DEFAULT true,
    fs_uniquifier text NOT NULL UNIQUE,
    confirmed_at timestamptz,
    last_login_at timestamptz,
    current_login_at timestamptz,
    last_login_ip text,
    current_login_ip text,
    login_count integer,
    tf_primary_method text,
    tf_totp_secret text,
    tf_phone_number text,
    us_totp_secrets text,
    us_phone_number text UNIQUE,
    fs_webauthn_user_handle text UNIQUE,
    mf_recovery_codes text,
    first_name text NOT NULL,
    prefixes text,
    last_name text NOT NULL,
    organisation text,
    municipality_code text REFERENCES ref.municipality,
    region_code text REFERENCES ref.region,
    province_code text REFERENCES ref.province,
    is_system boolean NOT NULL DEFAULT false,
    create_datetime timestamptz NOT NULL DEFAULT now(),
    update_datetime timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_email_invalid CHECK (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$')
);
CREATE UNIQUE INDEX app_user_email_unique ON auth.app_user (lower(email));
COMMENT ON TABLE auth.app_user IS 'People who sign in to DIWI (and the system user that records automated changes).';
COMMENT ON COLUMN auth.app_user.municipality_code IS 'The municipality whose data this user works on.';

CREATE TABLE auth.user_role (
    user_id uuid NOT NULL REFERENCES auth.app_user ON DELETE CASCADE,
    role_id uuid NOT NULL REFERENCES auth.role ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
);
COMMENT ON TABLE auth.user_role IS 'The roles a user holds.';

CREATE TABLE auth.user_group (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    municipality_code text NOT NULL REFERENCES ref.municipality,
    name text NOT NULL CHECK (btrim(name) <> ''),
    single_user boolean NOT NULL DEFAULT false,
    organisation text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_group_name_taken UNIQUE (municipality_code, name)
);
COMMENT ON TABLE auth.user_group IS 'User groups own projects; every user also has a single-user group.';

CREATE TABLE auth.user_group_member (
    user_group_id uuid NOT NULL REFERENCES auth.user_group ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES auth.app_user ON DELETE CASCADE,
    PRIMARY KEY (user_group_id, user_id)
);
COMMENT ON TABLE auth.user_group_member IS 'Membership of users in user groups.';
