-- Single sign-on: the OpenID Connect subject ("sub") a user signed in with first; matched on later sign-ins.

ALTER TABLE auth.app_user ADD COLUMN oidc_subject text;
ALTER TABLE auth.app_user ADD CONSTRAINT user_oidc_subject_taken UNIQUE (oidc_subject);
COMMENT ON COLUMN auth.app_user.oidc_subject IS
    'Subject (sub claim) at the municipality''s identity provider, recorded at the first single sign-on.';

INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('user_oidc_subject_taken', 'Dit account van de identity provider is al aan een andere DIWI-gebruiker gekoppeld.', 'This identity-provider account is already linked to another DIWI user.');
