-- Security settings per municipality (two-factor sign-in for everyone, beyond the admins who always need it).

CREATE TABLE auth.municipality_setting (
    municipality_code text PRIMARY KEY REFERENCES ref.municipality,
    two_factor_required boolean NOT NULL DEFAULT false,
    update_datetime timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE auth.municipality_setting IS 'Per-municipality security settings; a missing row means the defaults.';
COMMENT ON COLUMN auth.municipality_setting.two_factor_required IS 'Every user of the municipality must sign in with an authenticator app.';
