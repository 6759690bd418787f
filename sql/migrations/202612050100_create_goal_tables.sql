-- Programmable housing goals (beleidsdoelen) per municipality, grouped in categories.
-- A goal's attributes are versioned over transaction time like projects: an edit supersedes the
-- current goal_version and inserts a new one; removing a goal ends its identity row.

CREATE TABLE plan.goal_category (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    municipality_code text NOT NULL REFERENCES ref.municipality,
    name text NOT NULL,
    sort_order integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by uuid REFERENCES auth.app_user,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid REFERENCES auth.app_user,
    removed_at timestamptz,
    removed_by uuid REFERENCES auth.app_user,
    CONSTRAINT goal_category_name_blank CHECK (btrim(name) <> '')
);
COMMENT ON TABLE plan.goal_category IS 'Goal categories (doelcategorieën) of a municipality; dashboards show goals grouped by them.';
CREATE UNIQUE INDEX goal_category_name_taken ON plan.goal_category (municipality_code, lower(name))
    WHERE removed_at IS NULL;

CREATE TABLE plan.goal (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    municipality_code text NOT NULL REFERENCES ref.municipality,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by uuid REFERENCES auth.app_user,
    removed_at timestamptz,
    removed_by uuid REFERENCES auth.app_user
);
COMMENT ON TABLE plan.goal IS 'A housing goal (beleidsdoel) of a municipality: its identity; its definition is in goal_version.';

CREATE TABLE plan.goal_version (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    goal_id uuid NOT NULL REFERENCES plan.goal ON DELETE CASCADE,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    superseded_at timestamptz,
    recorded_by uuid REFERENCES auth.app_user,
    category_id uuid NOT NULL REFERENCES plan.goal_category,
    name text NOT NULL,
    description text,
    kind text NOT NULL,
    direction text NOT NULL,
    measure text NOT NULL DEFAULT 'construction',
    target numeric(16, 2) NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    conditions jsonb NOT NULL DEFAULT '[]',
    district_codes text[] NOT NULL DEFAULT '{}',
    neighbourhood_codes text[] NOT NULL DEFAULT '{}',
    area geometry(MultiPolygon, 28992),
    CONSTRAINT goal_name_blank CHECK (btrim(name) <> ''),
    CONSTRAINT goal_kind_unknown CHECK (kind IN ('number', 'percentage')),
    CONSTRAINT goal_direction_unknown CHECK (direction IN ('minimum', 'maximum')),
    CONSTRAINT goal_measure_unknown CHECK (measure IN ('construction', 'demolition', 'net')),
    CONSTRAINT goal_target_negative CHECK (target >= 0),
    CONSTRAINT goal_percentage_above_100 CHECK (kind <> 'percentage' OR target <= 100),
    CONSTRAINT goal_period_out_of_order CHECK (period_end > period_start),
    CONSTRAINT goal_conditions_not_list CHECK (jsonb_typeof(conditions) = 'array'),
    CONSTRAINT recorded_period_invalid CHECK (superseded_at IS NULL OR superseded_at > recorded_at),
    CONSTRAINT goal_version_overlap EXCLUDE USING gist (
        goal_id WITH =, tstzrange(recorded_at, superseded_at) WITH &&)
);
COMMENT ON TABLE plan.goal_version IS 'One version of a goal''s definition, recorded over [recorded_at, superseded_at).';
COMMENT ON COLUMN plan.goal_version.kind IS 'number: a number of dwellings; percentage: the share of matching dwellings among all in scope.';
COMMENT ON COLUMN plan.goal_version.direction IS 'minimum: at least the target; maximum: at most the target.';
COMMENT ON COLUMN plan.goal_version.measure IS 'What is counted: construction (default), demolition, or net (construction minus demolition).';
COMMENT ON COLUMN plan.goal_version.target IS 'The target: dwellings (number) or percent 0-100 (percentage).';
COMMENT ON COLUMN plan.goal_version.period_end IS 'The deadline: deliveries from period_start up to and including period_end count.';
COMMENT ON COLUMN plan.goal_version.conditions IS 'Conditions, all of which must hold: a list of {"kind": ..., ...} objects (see publication.goal_progress).';
COMMENT ON COLUMN plan.goal_version.district_codes IS 'Geography: districts (CBS WK codes) the goal is about; empty with no neighbourhoods and no area: the whole municipality.';
COMMENT ON COLUMN plan.goal_version.area IS 'Geography: a drawn area (EPSG:28992); a project lies in it when a point on its plan area (else its location) does.';
CREATE UNIQUE INDEX goal_version_current ON plan.goal_version (goal_id) WHERE superseded_at IS NULL;
CREATE INDEX ON plan.goal_version (category_id) WHERE superseded_at IS NULL;

INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('goal_category_name_blank', 'De naam van een doelcategorie mag niet leeg zijn.', 'A goal category name must not be empty.'),
    ('goal_category_name_taken', 'Er bestaat al een doelcategorie met deze naam.', 'A goal category with this name already exists.'),
    ('goal_category_unknown', 'Onbekende doelcategorie (of een categorie van een andere gemeente).', 'Unknown goal category (or one of another municipality).'),
    ('goal_category_in_use', 'Deze doelcategorie bevat nog doelen; verplaats of verwijder die eerst.', 'This goal category still holds goals; move or remove them first.'),
    ('goal_not_found', 'Doel niet gevonden.', 'Goal not found.'),
    ('goal_edit_not_allowed', 'Alleen een hoofdgebruiker of beheerder van de gemeente mag doelen wijzigen.', 'Only a user_plus or admin of the municipality may change goals.'),
    ('goal_name_blank', 'De naam van het doel mag niet leeg zijn.', 'The goal name must not be empty.'),
    ('goal_kind_unknown', 'Kies als soort doel een aantal of een percentage.', 'The goal kind must be number or percentage.'),
    ('goal_direction_unknown', 'Kies minimaal of maximaal.', 'The direction must be minimum or maximum.'),
    ('goal_measure_unknown', 'Kies wat telt: bouw, sloop of netto.', 'The measure must be construction, demolition or net.'),
    ('goal_target_negative', 'De doelwaarde mag niet negatief zijn.', 'The target must not be negative.'),
    ('goal_target_not_whole', 'Een doel in aantallen woningen heeft een geheel getal als doelwaarde.', 'A number goal needs a whole number as its target.'),
    ('goal_percentage_above_100', 'Een percentage kan niet hoger zijn dan 100.', 'A percentage cannot exceed 100.'),
    ('goal_percentage_needs_condition', 'Een percentagedoel heeft minstens één voorwaarde nodig (het aandeel van wat?).', 'A percentage goal needs at least one condition (the share of what?).'),
    ('goal_period_out_of_order', 'De einddatum (deadline) moet na de startdatum liggen.', 'The end date (deadline) must be after the start date.'),
    ('goal_conditions_not_list', 'Voorwaarden moeten als lijst worden opgegeven.', 'Conditions must be a list.'),
    ('goal_condition_invalid', 'Een voorwaarde is onvolledig of van een onbekende soort.', 'A condition is incomplete or of an unknown kind.'),
    ('goal_option_unknown', 'Een gekozen optie, eigenschap of prijscategorie bestaat niet (meer) of hoort bij een andere gemeente.', 'A chosen option, property or price category does not exist (any more) or belongs to another municipality.'),
    ('goal_area_unknown', 'Een gekozen wijk of buurt hoort niet bij de gemeente.', 'A chosen district or neighbourhood does not belong to the municipality.'),
    ('goal_area_invalid', 'Het getekende gebied is geen geldig vlak in Nederland.', 'The drawn area is not a valid polygon in the Netherlands.');
