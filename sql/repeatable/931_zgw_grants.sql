-- ZGW: the web app (receiver, admin page) and the worker (diwi_webapp) use the ZGW tables; the API
-- reader and ingest never see them (client secrets, inbox).

REVOKE ALL ON plan.zgw_config, plan.zgw_mapping, plan.zgw_zaak_link, plan.zgw_notification,
    plan.zgw_outcome FROM diwi_reader, diwi_ingest;
GRANT SELECT, INSERT, UPDATE, DELETE ON plan.zgw_config, plan.zgw_mapping, plan.zgw_zaak_link,
    plan.zgw_notification, plan.zgw_outcome TO diwi_webapp;
GRANT EXECUTE ON FUNCTION plan.zgw_match(text, text, text[], jsonb) TO diwi_webapp;
GRANT EXECUTE ON FUNCTION plan.zgw_set_milestone(uuid, text, text, date) TO diwi_webapp;
