-- Composed dashboards ("blueprints"): a user_plus picks and configures components and goal categories
-- and shares the dashboard with user groups of the municipality.

CREATE TABLE plan.dashboard_blueprint (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    municipality_code text NOT NULL REFERENCES ref.municipality,
    name text NOT NULL,
    components jsonb NOT NULL DEFAULT '[]',
    goal_category_ids uuid[] NOT NULL DEFAULT '{}',
    created_by uuid REFERENCES auth.app_user ON DELETE SET NULL,
    updated_by uuid REFERENCES auth.app_user ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT blueprint_name_blank CHECK (btrim(name) <> ''),
    CONSTRAINT blueprint_components_invalid CHECK (jsonb_typeof(components) = 'array'),
    CONSTRAINT blueprint_name_taken UNIQUE (municipality_code, name)
);
COMMENT ON TABLE plan.dashboard_blueprint IS 'A composed dashboard of a municipality: its components in order and the goal categories it shows.';
COMMENT ON COLUMN plan.dashboard_blueprint.components IS 'Ordered list of {"component": key of publication.dashboard_components(), "options": {"breakdown", "filters", "period": {"from", "to"}}}.';
COMMENT ON COLUMN plan.dashboard_blueprint.goal_category_ids IS 'Goal categories (plan.goal_category) whose goals the dashboard shows.';

CREATE TABLE plan.dashboard_blueprint_share (
    blueprint_id uuid NOT NULL REFERENCES plan.dashboard_blueprint ON DELETE CASCADE,
    user_group_id uuid NOT NULL REFERENCES auth.user_group ON DELETE CASCADE,
    PRIMARY KEY (blueprint_id, user_group_id)
);
CREATE INDEX dashboard_blueprint_share_group ON plan.dashboard_blueprint_share (user_group_id);
COMMENT ON TABLE plan.dashboard_blueprint_share IS 'The user groups whose members may open a composed dashboard.';

INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('blueprint_name_blank', 'Een dashboard heeft een naam nodig.', 'A dashboard needs a name.'),
    ('blueprint_name_taken', 'Er bestaat al een dashboard met deze naam.', 'A dashboard with this name already exists.'),
    ('blueprint_components_invalid', 'De onderdelen van het dashboard zijn ongeldig.', 'The dashboard''s components are invalid.'),
    ('blueprint_component_unknown', 'Onbekend dashboardonderdeel.', 'Unknown dashboard component.'),
    ('blueprint_group_not_in_municipality', 'Deel het dashboard alleen met gebruikersgroepen van uw gemeente.', 'Share the dashboard only with user groups of your municipality.'),
    ('blueprint_not_allowed', 'Alleen een hoofdgebruiker van de gemeente stelt dashboards samen.', 'Only a main user of the municipality composes dashboards.');
