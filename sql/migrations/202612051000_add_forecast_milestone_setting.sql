-- The "forecast" milestone status fed by the lead-time model: a municipality setting (off by
-- default) and the system user the nightly job records the model's dates as.

ALTER TABLE auth.municipality_setting
    ADD COLUMN forecast_end_milestone boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN auth.municipality_setting.forecast_end_milestone IS 'The nightly forecast job records the model''s p50 as the date of end milestones whose status is forecast (voorspeld); planned and realised milestones are never touched.';

INSERT INTO auth.app_user (email, active, fs_uniquifier, first_name, last_name, is_system)
VALUES ('prognosemodel@systeem.diwi.invalid', false, 'system-forecast-model', 'Prognosemodel', '(DIWI)', true);
