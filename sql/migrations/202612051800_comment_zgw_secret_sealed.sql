-- The ZGW client secret is stored Fernet-sealed by the web app ('fernet:<token>', keyed by
-- DIWI_ZGW_SECRET_KEY or derived from DIWI_SECRET_KEY); SQL cannot seal, so values stored plain
-- before this change stay readable and are sealed by the app on their next use.

COMMENT ON COLUMN plan.zgw_config.secret IS 'Shared secret of client_id for the HS256 JWTs DIWI sends, sealed by the web app as fernet:<token> (a plain value from before sealing is sealed on next use).';
