-- Account invitations: when the last e-mail with a link to choose a password was sent.

ALTER TABLE auth.app_user ADD COLUMN invited_at timestamptz;
COMMENT ON COLUMN auth.app_user.invited_at IS
    'When the last invitation e-mail (a link to choose a password) was sent; NULL: never sent.';
COMMENT ON COLUMN auth.app_user.confirmed_at IS
    'When the user proved to own the e-mail address by choosing a password through an e-mailed link.';
