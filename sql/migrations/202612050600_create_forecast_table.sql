-- Lead-time forecasts: per running project the delivery (end) date learned from the history of
-- finished projects (quantile gradient boosting, webapp/forecasts), with an 80% interval.

CREATE TABLE plan.forecast (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    project_id uuid NOT NULL REFERENCES plan.project ON DELETE CASCADE,
    computed_at timestamptz NOT NULL DEFAULT now(),
    observed_on date NOT NULL,
    model_version text NOT NULL,
    training_projects integer NOT NULL,
    planned_end date,
    p10 date NOT NULL,
    p50 date NOT NULL,
    p90 date NOT NULL,
    drivers jsonb NOT NULL DEFAULT '[]',
    CONSTRAINT forecast_quantiles_out_of_order CHECK (p10 <= p50 AND p50 <= p90),
    CONSTRAINT forecast_drivers_not_array CHECK (jsonb_typeof(drivers) = 'array')
);
COMMENT ON TABLE plan.forecast IS 'Forecast delivery (project end) dates of running projects: p10/p50/p90 of a quantile model trained on finished projects; the newest row per project is current.';
COMMENT ON COLUMN plan.forecast.observed_on IS 'The date whose project state (phase, planning status, size) the forecast starts from.';
COMMENT ON COLUMN plan.forecast.model_version IS 'Library, model and feature set that made the forecast, e.g. sklearn-1.9.1/gbr-quantile/v1.';
COMMENT ON COLUMN plan.forecast.training_projects IS 'Number of finished projects the model learned from.';
COMMENT ON COLUMN plan.forecast.planned_end IS 'The project end date as planned (current end milestone) when forecast.';
COMMENT ON COLUMN plan.forecast.drivers IS 'The main factors of this forecast: [{feature, value, effect_days, text}] with Dutch text.';
CREATE INDEX forecast_project_latest ON plan.forecast (project_id, computed_at DESC);
