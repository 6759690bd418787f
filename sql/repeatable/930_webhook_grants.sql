-- Outgoing webhooks: the web app (admin pages) and the worker (diwi_webapp) manage subscribers and
-- deliveries; the API reader never sees them (secrets, delivery log). Writers of plan data reach the
-- outbox only through the security-definer triggers.

REVOKE ALL ON plan.webhook_subscription, plan.outbox, plan.webhook_delivery, plan.webhook_attempt
    FROM diwi_reader, diwi_ingest;
GRANT SELECT, INSERT, UPDATE, DELETE ON plan.webhook_subscription, plan.webhook_delivery,
    plan.webhook_attempt TO diwi_webapp;
GRANT SELECT, UPDATE ON plan.outbox TO diwi_webapp;
REVOKE INSERT, DELETE ON plan.outbox FROM diwi_webapp;
REVOKE ALL ON FUNCTION plan.outbox_record(text, uuid, uuid, text, text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION plan.webhook_fan_out(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plan.webhook_fan_out(integer) TO diwi_webapp;
