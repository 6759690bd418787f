-- Lead-time forecasts: written by the forecast command and the worker (web-app role), shown by the
-- web app through plan.visible_forecast (the access rule); not an API collection, so not for the reader.

REVOKE ALL ON plan.forecast FROM diwi_reader;
REVOKE ALL ON FUNCTION plan.visible_forecast(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plan.visible_forecast(uuid) TO diwi_webapp;
REVOKE ALL ON FUNCTION plan.record_forecast_end_dates() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plan.record_forecast_end_dates() TO diwi_webapp;
REVOKE ALL ON FUNCTION plan.step_lead_times(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plan.step_lead_times(uuid) TO diwi_webapp;
