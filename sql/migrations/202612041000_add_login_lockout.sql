-- Lock-out after repeated failed sign-ins: one row per failed attempt and a lock time per user.

CREATE TABLE auth.failed_login (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES auth.app_user ON DELETE CASCADE,
    auth_type text NOT NULL,
    failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX failed_login_user_time ON auth.failed_login (user_id, failed_at);
COMMENT ON TABLE auth.failed_login IS 'Failed sign-in attempts (password or second factor); cleared on a successful sign-in.';

ALTER TABLE auth.app_user ADD COLUMN locked_until timestamptz;
COMMENT ON COLUMN auth.app_user.locked_until IS 'Sign-in is refused until this time (set after too many failed attempts).';
