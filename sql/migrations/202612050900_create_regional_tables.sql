-- Regional and acceleration tables ("regio- en versnellingstafels"): a stored summary of each
-- project's process streams, key projects per region with a default rule, and the projects
-- harvested from other DIWI instances' feeds.

CREATE TABLE plan.process_summary (
    project_id uuid PRIMARY KEY REFERENCES plan.project (id) ON DELETE CASCADE,
    computed_at timestamptz NOT NULL DEFAULT now(),
    delivery_date date,
    steps_total integer NOT NULL DEFAULT 0,
    steps_done integer NOT NULL DEFAULT 0,
    steps_running integer NOT NULL DEFAULT 0,
    steps_late integer NOT NULL DEFAULT 0,
    steps jsonb NOT NULL DEFAULT '[]',
    critical_steps text[] NOT NULL DEFAULT '{}',
    bottlenecks jsonb NOT NULL DEFAULT '[]',
    acceleration jsonb NOT NULL DEFAULT '[]',
    problem text,
    CONSTRAINT process_summary_lists CHECK (jsonb_typeof(steps) = 'array'
        AND jsonb_typeof(bottlenecks) = 'array' AND jsonb_typeof(acceleration) = 'array')
);
COMMENT ON TABLE plan.process_summary IS 'Derived: the schedule of a project''s process streams (CPM in webapp/streams), refreshed after stream edits, by the worker and by `python -m manage process-summary`.';
COMMENT ON COLUMN plan.process_summary.delivery_date IS 'The early finish of the last step of both streams (CPM).';
COMMENT ON COLUMN plan.process_summary.steps IS 'Per step: [{name, stream, status (done|running|late|planned), planned_end, critical}].';
COMMENT ON COLUMN plan.process_summary.bottlenecks IS 'Per bottleneck step: [{step, stream, reason}] with a Dutch reason.';
COMMENT ON COLUMN plan.process_summary.acceleration IS 'Acceleration options, best first: [{source, target, gain_days, delivery_date}]: run the two dependent steps in parallel.';
COMMENT ON COLUMN plan.process_summary.problem IS 'Why no schedule could be made (e.g. a cycle of dependencies), else NULL.';

CREATE TABLE plan.key_project (
    project_id uuid PRIMARY KEY REFERENCES plan.project (id) ON DELETE CASCADE,
    is_key boolean NOT NULL,
    marked_by uuid REFERENCES auth.app_user (id) ON DELETE SET NULL,
    marked_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE plan.key_project IS 'A project marked (is_key) or unmarked (NOT is_key) as key project of its region, overriding the default rule of plan.region_setting.';

CREATE TABLE plan.region_setting (
    region_code text PRIMARY KEY REFERENCES ref.region (code) ON DELETE CASCADE,
    key_min_dwellings integer NOT NULL DEFAULT 100 CHECK (key_min_dwellings >= 0)
);
COMMENT ON TABLE plan.region_setting IS 'Per region: the default rule for key projects (net dwellings at least key_min_dwellings; 100 when the region has no row).';

CREATE SCHEMA harvest;
COMMENT ON SCHEMA harvest IS 'Projects harvested from other DIWI instances'' acceleration-table feeds (python -m ingest harvest-diwi).';

CREATE TABLE harvest.run (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance text NOT NULL CHECK (btrim(instance) <> ''),
    url text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
    pages integer NOT NULL DEFAULT 0,
    features integer NOT NULL DEFAULT 0,
    error text
);
COMMENT ON TABLE harvest.run IS 'The run log of harvest-diwi: one row per run of one instance.';

CREATE TABLE harvest.project (
    instance text NOT NULL,
    source_guid uuid NOT NULL,
    run_id bigint NOT NULL REFERENCES harvest.run (id),
    municipality_code text NOT NULL,
    municipality_name text,
    region_code text,
    province_code text,
    name text NOT NULL,
    phase text,
    phase_label text,
    planning_status text,
    planning_status_label text,
    net_plan_capacity integer,
    owner_occupied integer,
    private_rental integer,
    social_rental integer,
    planned_delivery date,
    forecast_p10 date,
    forecast_p50 date,
    forecast_p90 date,
    process_delivery date,
    steps_done integer,
    steps_running integer,
    steps_late integer,
    steps jsonb NOT NULL DEFAULT '[]',
    critical_steps text[] NOT NULL DEFAULT '{}',
    bottlenecks jsonb NOT NULL DEFAULT '[]',
    acceleration jsonb NOT NULL DEFAULT '[]',
    max_gain_days integer,
    geometry geometry(MultiPolygon, 28992),
    PRIMARY KEY (source_guid, instance)
);
CREATE INDEX harvest_project_municipality_idx ON harvest.project (municipality_code);
COMMENT ON TABLE harvest.project IS 'Key projects of another DIWI instance as its acceleration-table feed gave them; replaced per run and instance in one transaction.';

INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('key_project_not_allowed', 'U mag dit project niet als sleutelproject markeren: dat kunnen gemeentemedewerkers en regio- en provinciemedewerkers die het project zien.', 'You may not mark this project as key project: municipal users and region or province readers who see the project can.');
