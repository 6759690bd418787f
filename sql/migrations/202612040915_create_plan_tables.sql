-- Projects, houseblocks, milestones, custom properties and price categories as versioned rows.
-- Valid time: a version holds from its valid_from milestone to its valid_to milestone.
-- Transaction time: [recorded_at, superseded_at) says when the row was the recorded truth.

CREATE TABLE plan.project (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    municipality_code text NOT NULL REFERENCES ref.municipality,
    municipal_id text,
    start_milestone_id uuid NOT NULL,
    end_milestone_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by uuid REFERENCES auth.app_user,
    removed_at timestamptz,
    removed_by uuid REFERENCES auth.app_user,
    CONSTRAINT project_municipal_id_taken UNIQUE (municipality_code, municipal_id)
);
COMMENT ON TABLE plan.project IS 'A housing-construction project (woningbouwproject): its identity, municipality and period; its attributes are in project_version.';
COMMENT ON COLUMN plan.project.municipal_id IS 'The municipality''s own project number (identificatienummer).';
COMMENT ON COLUMN plan.project.start_milestone_id IS 'The milestone whose date is the project start.';
COMMENT ON COLUMN plan.project.end_milestone_id IS 'The milestone whose date is the project end.';
COMMENT ON COLUMN plan.project.removed_at IS 'When the project was removed; removed projects stay readable as recorded before.';

CREATE TABLE plan.milestone (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    project_id uuid NOT NULL REFERENCES plan.project ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE plan.milestone IS 'A milestone (mijlpaal) of a project, shared by the project and its houseblocks; its date and status are in milestone_version.';
CREATE INDEX ON plan.milestone (project_id);

ALTER TABLE plan.project
    ADD CONSTRAINT project_start_milestone_fk FOREIGN KEY (start_milestone_id)
        REFERENCES plan.milestone DEFERRABLE INITIALLY DEFERRED,
    ADD CONSTRAINT project_end_milestone_fk FOREIGN KEY (end_milestone_id)
        REFERENCES plan.milestone DEFERRABLE INITIALLY DEFERRED;

CREATE TABLE plan.milestone_version (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    milestone_id uuid NOT NULL REFERENCES plan.milestone ON DELETE CASCADE,
    date date NOT NULL,
    status text NOT NULL DEFAULT 'planned',
    description text,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    superseded_at timestamptz,
    recorded_by uuid REFERENCES auth.app_user,
    CONSTRAINT milestone_status_unknown FOREIGN KEY (status) REFERENCES ref.milestone_status,
    CONSTRAINT recorded_period_invalid CHECK (superseded_at IS NULL OR superseded_at > recorded_at),
    CONSTRAINT milestone_version_overlap EXCLUDE USING gist (
        milestone_id WITH =, tstzrange(recorded_at, superseded_at) WITH &&)
);
COMMENT ON TABLE plan.milestone_version IS 'Versions of a milestone''s date, status and description over transaction time.';
CREATE UNIQUE INDEX milestone_version_current ON plan.milestone_version (milestone_id)
    INCLUDE (date, status) WHERE superseded_at IS NULL;

CREATE TABLE plan.project_version (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    project_id uuid NOT NULL REFERENCES plan.project ON DELETE CASCADE,
    valid_from_milestone_id uuid NOT NULL REFERENCES plan.milestone ON DELETE CASCADE,
    valid_to_milestone_id uuid NOT NULL REFERENCES plan.milestone ON DELETE CASCADE,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    superseded_at timestamptz,
    recorded_by uuid REFERENCES auth.app_user,
    name text NOT NULL,
    phase text NOT NULL,
    planning_status text,
    plan_types text[] NOT NULL DEFAULT '{}',
    confidentiality_level smallint NOT NULL,
    colour text NOT NULL DEFAULT '#1F77B4',
    priority text,
    municipality_roles text[] NOT NULL DEFAULT '{}',
    district_codes text[] NOT NULL DEFAULT '{}',
    neighbourhood_codes text[] NOT NULL DEFAULT '{}',
    plan_area geometry(MultiPolygon, 28992),
    area_source text,
    location geometry(Point, 28992),
    custom_values jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT project_name_blank CHECK (btrim(name) <> ''),
    CONSTRAINT project_phase_unknown FOREIGN KEY (phase) REFERENCES ref.project_phase,
    CONSTRAINT planning_status_unknown FOREIGN KEY (planning_status) REFERENCES ref.planning_status,
    CONSTRAINT confidentiality_level_unknown FOREIGN KEY (confidentiality_level)
        REFERENCES ref.confidentiality_level,
    CONSTRAINT priority_unknown FOREIGN KEY (priority) REFERENCES ref.priority,
    CONSTRAINT area_source_unknown FOREIGN KEY (area_source) REFERENCES ref.area_source,
    CONSTRAINT colour_invalid CHECK (colour ~ '^#[0-9A-Fa-f]{6}$'),
    CONSTRAINT hard_status_needs_external_governmental CHECK (
        planning_status IS NULL OR planning_status NOT IN ('1A', '1B', '2A', '2B')
        OR confidentiality_level >= 6),
    CONSTRAINT plan_area_without_source CHECK ((plan_area IS NULL) = (area_source IS NULL)),
    CONSTRAINT custom_values_not_object CHECK (jsonb_typeof(custom_values) = 'object'),
    CONSTRAINT recorded_period_invalid CHECK (superseded_at IS NULL OR superseded_at > recorded_at)
);
COMMENT ON TABLE plan.project_version IS 'One version of a project''s attributes: valid from one milestone to another, recorded over [recorded_at, superseded_at).';
COMMENT ON COLUMN plan.project_version.name IS 'Project name.';
COMMENT ON COLUMN plan.project_version.phase IS 'Project phase (ref.project_phase).';
COMMENT ON COLUMN plan.project_version.planning_status IS 'Planological plan status 1A-5B (ref.planning_status).';
COMMENT ON COLUMN plan.project_version.plan_types IS 'Plan types (ref.plan_type).';
COMMENT ON COLUMN plan.project_version.confidentiality_level IS 'Confidentiality level 1 (private) to 7 (public).';
COMMENT ON COLUMN plan.project_version.municipality_roles IS 'Roles of the municipality in the project (ref.municipality_role).';
COMMENT ON COLUMN plan.project_version.plan_area IS 'The plan area, MultiPolygon in EPSG:28992.';
COMMENT ON COLUMN plan.project_version.location IS 'A representative point for the map, EPSG:28992.';
COMMENT ON COLUMN plan.project_version.custom_values IS 'Custom property values keyed by property id.';
CREATE INDEX project_version_current ON plan.project_version (project_id) WHERE superseded_at IS NULL;
CREATE INDEX ON plan.project_version (project_id, recorded_at);
CREATE INDEX ON plan.project_version USING gist (plan_area) WHERE superseded_at IS NULL;

CREATE TABLE plan.project_owner (
    project_id uuid NOT NULL REFERENCES plan.project ON DELETE CASCADE,
    user_group_id uuid NOT NULL REFERENCES auth.user_group,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    superseded_at timestamptz,
    recorded_by uuid REFERENCES auth.app_user,
    CONSTRAINT recorded_period_invalid CHECK (superseded_at IS NULL OR superseded_at > recorded_at),
    CONSTRAINT project_owner_overlap EXCLUDE USING gist (
        project_id WITH =, user_group_id WITH =, tstzrange(recorded_at, superseded_at) WITH &&)
);
COMMENT ON TABLE plan.project_owner IS 'User groups that own (may edit) a project, over transaction time.';
CREATE INDEX project_owner_current ON plan.project_owner (project_id, user_group_id)
    WHERE superseded_at IS NULL;

CREATE TABLE plan.project_parcel (
    project_version_id uuid NOT NULL REFERENCES plan.project_version ON DELETE CASCADE,
    cadastral_municipality_code text NOT NULL,
    section text NOT NULL,
    parcel_number integer NOT NULL,
    parcel_geometry geometry(MultiPolygon, 28992),
    subselection geometry(MultiPolygon, 28992),
    PRIMARY KEY (project_version_id, cadastral_municipality_code, section, parcel_number),
    CONSTRAINT cadastral_designation_invalid CHECK (
        cadastral_municipality_code ~ '^[A-Z]{3}[0-9]{2}$' AND section ~ '^[A-Z]{1,2}$'
        AND parcel_number > 0)
);
COMMENT ON TABLE plan.project_parcel IS 'Cadastral parcels (BRK) of a project version, with an optional sub-selection of each parcel.';
COMMENT ON COLUMN plan.project_parcel.cadastral_municipality_code IS 'Cadastral municipality code (kadastrale gemeente, e.g. ASD04).';

CREATE TABLE plan.property (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    municipality_code text REFERENCES ref.municipality,
    kind text NOT NULL CHECK (kind IN ('fixed', 'custom')),
    key text UNIQUE,
    object_type text NOT NULL CHECK (object_type IN ('project', 'houseblock')),
    value_type text NOT NULL CHECK (value_type IN ('boolean', 'category', 'ordinal', 'numeric', 'text')),
    name text NOT NULL,
    description text,
    mandatory boolean NOT NULL DEFAULT false,
    single_select boolean,
    rules jsonb NOT NULL DEFAULT '{}',
    sort_order integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    disabled_at timestamptz,
    CONSTRAINT property_name_blank CHECK (btrim(name) <> ''),
    CONSTRAINT property_single_select_missing CHECK (value_type <> 'category' OR single_select IS NOT NULL),
    CONSTRAINT property_scope_invalid CHECK ((kind = 'fixed') = (municipality_code IS NULL)),
    CONSTRAINT property_rules_not_object CHECK (jsonb_typeof(rules) = 'object')
);
COMMENT ON TABLE plan.property IS 'Fixed properties (national breakdowns) and custom properties (plusvelden) of a municipality, with their quality rules.';
COMMENT ON COLUMN plan.property.rules IS 'Quality rules: min, max, integer, pattern, max_length, allowed_phases.';
CREATE UNIQUE INDEX property_name_taken ON plan.property (coalesce(municipality_code, ''), object_type, lower(name))
    WHERE disabled_at IS NULL;

CREATE TABLE plan.property_option (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    property_id uuid NOT NULL REFERENCES plan.property ON DELETE CASCADE,
    code text NOT NULL,
    label_nl text NOT NULL,
    label_en text,
    ordinal_level integer,
    sort_order integer NOT NULL DEFAULT 0,
    disabled_at timestamptz,
    CONSTRAINT property_option_code_taken UNIQUE (property_id, code),
    CONSTRAINT property_option_label_blank CHECK (btrim(label_nl) <> '')
);
COMMENT ON TABLE plan.property_option IS 'Options of a category or ordinal property; options are disabled, never deleted.';

CREATE TABLE plan.price_category (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    municipality_code text REFERENCES ref.municipality,
    price_kind text NOT NULL CHECK (price_kind IN ('purchase', 'rent')),
    name text NOT NULL,
    min_cents bigint NOT NULL CHECK (min_cents >= 0),
    max_cents bigint,
    valid_from date NOT NULL,
    valid_to date,
    CONSTRAINT price_category_bounds_invalid CHECK (max_cents IS NULL OR max_cents >= min_cents),
    CONSTRAINT price_category_period_invalid CHECK (valid_to IS NULL OR valid_to > valid_from),
    CONSTRAINT price_category_name_taken UNIQUE (municipality_code, price_kind, name, valid_from)
);
COMMENT ON TABLE plan.price_category IS 'Municipal price categories (purchase price or monthly rent, in cents) with their validity period.';

CREATE TABLE plan.houseblock (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    project_id uuid NOT NULL REFERENCES plan.project ON DELETE CASCADE,
    start_milestone_id uuid NOT NULL REFERENCES plan.milestone ON DELETE CASCADE,
    end_milestone_id uuid NOT NULL REFERENCES plan.milestone ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by uuid REFERENCES auth.app_user,
    removed_at timestamptz,
    removed_by uuid REFERENCES auth.app_user
);
COMMENT ON TABLE plan.houseblock IS 'A houseblock (woningblok): construction or demolition of a number of dwellings within a project; attributes in houseblock_version.';
CREATE INDEX ON plan.houseblock (project_id);

CREATE TABLE plan.houseblock_version (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    houseblock_id uuid NOT NULL REFERENCES plan.houseblock ON DELETE CASCADE,
    valid_from_milestone_id uuid NOT NULL REFERENCES plan.milestone ON DELETE CASCADE,
    valid_to_milestone_id uuid NOT NULL REFERENCES plan.milestone ON DELETE CASCADE,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    superseded_at timestamptz,
    recorded_by uuid REFERENCES auth.app_user,
    name text NOT NULL,
    mutation_kind text NOT NULL,
    amount integer NOT NULL,
    size_m2 numrange,
    programming boolean,
    delivery_earliest date,
    delivery_latest date,
    custom_values jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT houseblock_name_blank CHECK (btrim(name) <> ''),
    CONSTRAINT mutation_kind_unknown FOREIGN KEY (mutation_kind) REFERENCES ref.mutation_kind,
    CONSTRAINT amount_negative CHECK (amount >= 0),
    CONSTRAINT size_invalid CHECK (size_m2 IS NULL OR (NOT isempty(size_m2) AND lower(size_m2) > 0
        AND NOT upper_inf(size_m2))),
    CONSTRAINT delivery_dates_out_of_order CHECK (delivery_earliest <= delivery_latest),
    CONSTRAINT custom_values_not_object CHECK (jsonb_typeof(custom_values) = 'object'),
    CONSTRAINT recorded_period_invalid CHECK (superseded_at IS NULL OR superseded_at > recorded_at)
);
COMMENT ON TABLE plan.houseblock_version IS 'One version of a houseblock''s attributes, valid between two milestones, recorded over [recorded_at, superseded_at).';
COMMENT ON COLUMN plan.houseblock_version.mutation_kind IS 'construction or demolition.';
COMMENT ON COLUMN plan.houseblock_version.amount IS 'Number of dwellings built or demolished.';
COMMENT ON COLUMN plan.houseblock_version.size_m2 IS 'Dwelling size in m², a value [v,v] or a closed range.';
COMMENT ON COLUMN plan.houseblock_version.programming IS 'Counts in the municipal housing programme (programmering).';
COMMENT ON COLUMN plan.houseblock_version.delivery_latest IS 'Latest delivery date; dashboards use it as the delivery date.';
CREATE INDEX houseblock_version_current ON plan.houseblock_version (houseblock_id)
    WHERE superseded_at IS NULL;
CREATE INDEX ON plan.houseblock_version (houseblock_id, recorded_at);

CREATE TABLE plan.houseblock_ownership_line (
    houseblock_version_id uuid NOT NULL REFERENCES plan.houseblock_version ON DELETE CASCADE,
    line_no smallint NOT NULL,
    ownership_type text NOT NULL,
    amount integer NOT NULL,
    price_cents bigint,
    price_range_cents int8range,
    price_category_id uuid,
    PRIMARY KEY (houseblock_version_id, line_no),
    CONSTRAINT ownership_type_unknown FOREIGN KEY (ownership_type) REFERENCES ref.ownership_type,
    CONSTRAINT price_category_unknown FOREIGN KEY (price_category_id) REFERENCES plan.price_category,
    CONSTRAINT ownership_amount_negative CHECK (amount >= 0),
    CONSTRAINT price_negative CHECK (price_cents >= 0),
    CONSTRAINT price_range_invalid CHECK (price_range_cents IS NULL OR (NOT isempty(price_range_cents)
        AND NOT lower_inf(price_range_cents) AND lower(price_range_cents) >= 0)),
    CONSTRAINT price_ambiguous CHECK (num_nonnulls(price_cents, price_range_cents, price_category_id) <= 1)
);
COMMENT ON TABLE plan.houseblock_ownership_line IS 'Ownership and value lines of a houseblock version: type, number of dwellings and a price (value, range or category; purchase price or monthly rent in cents).';

CREATE TABLE plan.houseblock_breakdown (
    houseblock_version_id uuid NOT NULL REFERENCES plan.houseblock_version ON DELETE CASCADE,
    option_id uuid NOT NULL REFERENCES plan.property_option,
    amount integer NOT NULL,
    PRIMARY KEY (houseblock_version_id, option_id),
    CONSTRAINT breakdown_amount_negative CHECK (amount >= 0)
);
COMMENT ON TABLE plan.houseblock_breakdown IS 'Number of dwellings per option of a breakdown property (house type, physical appearance, target group, ground position).';
