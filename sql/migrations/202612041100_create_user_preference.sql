-- Per-user settings of the web app, such as the columns chosen in the project list.

CREATE TABLE auth.user_preference (
    user_id uuid NOT NULL REFERENCES auth.app_user ON DELETE CASCADE,
    key text NOT NULL CHECK (key ~ '^[a-z_]+$'),
    value jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
COMMENT ON TABLE auth.user_preference IS 'Web-app preferences per user (key -> JSON value), e.g. project_list_columns.';
