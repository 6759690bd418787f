-- Code lists with stable codes and official Dutch labels, the CBS area hierarchy and the rule messages.

CREATE TABLE ref.project_phase (
    code text PRIMARY KEY,
    sort_order smallint NOT NULL UNIQUE,
    label_nl text NOT NULL,
    label_en text NOT NULL,
    diwi_name text NOT NULL UNIQUE
);
COMMENT ON TABLE ref.project_phase IS 'Project phases 1-7 (projectfase), in their fixed order.';
INSERT INTO ref.project_phase VALUES
    ('concept', 1, '1 Concept', '1 Concept', '_1_CONCEPT'),
    ('initiative', 2, '2 Initiatief', '2 Initiative', '_2_INITIATIVE'),
    ('definition', 3, '3 Definitie', '3 Definition', '_3_DEFINITION'),
    ('design', 4, '4 Ontwerp', '4 Design', '_4_DESIGN'),
    ('preparation', 5, '5 Voorbereiding', '5 Preparation', '_5_PREPARATION'),
    ('realisation', 6, '6 Realisatie', '6 Realisation', '_6_REALIZATION'),
    ('aftercare', 7, '7 Nazorg', '7 Aftercare', '_7_AFTERCARE');

CREATE TABLE ref.planning_status (
    code text PRIMARY KEY,
    sort_order smallint NOT NULL UNIQUE,
    label_nl text NOT NULL,
    label_en text NOT NULL,
    is_hard boolean NOT NULL,
    counts_as_capacity boolean NOT NULL,
    diwi_name text UNIQUE
);
COMMENT ON TABLE ref.planning_status IS 'Planological plan status 1A-4B plus the municipal-only 5A/5B; hard = 1A, 1B, 2A, 2B; 5A/5B never count as plan capacity.';
INSERT INTO ref.planning_status VALUES
    ('1A', 1, '1A Onherroepelijk', '1A Irrevocable', true, true, '_1A_ONHERROEPELIJK'),
    ('1B', 2, '1B Onherroepelijk, uitwerkingsplicht', '1B Irrevocable, elaboration required', true, true, '_1B_ONHERROEPELIJK_MET_UITWERKING_NODIG'),
    ('1C', 3, '1C Onherroepelijk, wijzigingsbevoegdheid', '1C Irrevocable, amendment power', false, true, '_1C_ONHERROEPELIJK_MET_BW_NODIG'),
    ('2A', 4, '2A Vastgesteld', '2A Adopted', true, true, '_2A_VASTGESTELD'),
    ('2B', 5, '2B Vastgesteld, uitwerkingsplicht', '2B Adopted, elaboration required', true, true, '_2B_VASTGESTELD_MET_UITWERKING_NODIG'),
    ('2C', 6, '2C Vastgesteld, wijzigingsbevoegdheid', '2C Adopted, amendment power', false, true, '_2C_VASTGESTELD_MET_BW_NODIG'),
    ('3', 7, '3 In voorbereiding', '3 In preparation', false, true, '_3_IN_VOORBEREIDING'),
    ('4A', 8, '4A Opgenomen in visie', '4A Included in a vision', false, true, '_4A_OPGENOMEN_IN_VISIE'),
    ('4B', 9, '4B Niet opgenomen in visie', '4B Not included in a vision', false, true, '_4B_NIET_OPGENOMEN_IN_VISIE'),
    ('5A', 10, '5A Ambtelijk met locatie', '5A Civil-service stage with location', false, false, NULL),
    ('5B', 11, '5B Ambtelijk zonder locatie', '5B Civil-service stage without location', false, false, NULL);

CREATE TABLE ref.plan_type (
    code text PRIMARY KEY,
    sort_order smallint NOT NULL UNIQUE,
    label_nl text NOT NULL,
    label_en text NOT NULL,
    diwi_name text NOT NULL UNIQUE
);
COMMENT ON TABLE ref.plan_type IS 'Plan types (plantype); a project may have several.';
INSERT INTO ref.plan_type VALUES
    ('building_transformation', 1, 'Pandtransformatie', 'Building transformation', 'PAND_TRANSFORMATIE'),
    ('transformation_area', 2, 'Transformatiegebied', 'Transformation area', 'TRANSFORMATIEGEBIED'),
    ('restructuring', 3, 'Herstructurering', 'Restructuring', 'HERSTRUCTURERING'),
    ('densification', 4, 'Verdichting', 'Densification', 'VERDICHTING'),
    ('extension_outskirts', 5, 'Uitbreiding uitleg', 'Extension on the outskirts (12 or more dwellings)', 'UITBREIDING_UITLEG'),
    ('extension_other', 6, 'Uitbreiding overig', 'Other extension (11 or fewer dwellings)', 'UITBREIDING_OVERIG');

CREATE TABLE ref.confidentiality_level (
    rank smallint PRIMARY KEY CHECK (rank BETWEEN 1 AND 7),
    code text NOT NULL UNIQUE,
    label_nl text NOT NULL,
    label_en text NOT NULL,
    diwi_name text NOT NULL UNIQUE
);
COMMENT ON TABLE ref.confidentiality_level IS 'Confidentiality levels 1 (private) to 7 (public); a higher rank is seen by more people.';
INSERT INTO ref.confidentiality_level VALUES
    (1, 'private', 'Privé', 'Private', 'PRIVATE'),
    (2, 'internal_civil', 'Intern ambtelijk', 'Internal (civil service)', 'INTERNAL_CIVIL'),
    (3, 'internal_management', 'Intern bestuurlijk', 'Internal (management)', 'INTERNAL_MANAGEMENT'),
    (4, 'internal_council', 'Intern raad', 'Internal (council)', 'INTERNAL_COUNCIL'),
    (5, 'external_regional', 'Extern woonregio', 'External (housing region)', 'EXTERNAL_REGIONAL'),
    (6, 'external_governmental', 'Extern mede-overheden', 'External (other governments)', 'EXTERNAL_GOVERNMENTAL'),
    (7, 'public', 'Openbaar', 'Public', 'PUBLIC');

CREATE TABLE ref.milestone_status (
    code text PRIMARY KEY,
    label_nl text NOT NULL,
    label_en text NOT NULL,
    diwi_name text NOT NULL UNIQUE
);
COMMENT ON TABLE ref.milestone_status IS 'Milestone status: forecast, planned, realised or aborted.';
INSERT INTO ref.milestone_status VALUES
    ('forecast', 'Voorspeld', 'Forecast', 'VOORSPELD'),
    ('planned', 'Gepland', 'Planned', 'GEPLAND'),
    ('realised', 'Gerealiseerd', 'Realised', 'GEREALISEERD'),
    ('aborted', 'Afgebroken', 'Aborted', 'AFGEBROKEN');

CREATE TABLE ref.mutation_kind (
    code text PRIMARY KEY,
    label_nl text NOT NULL,
    label_en text NOT NULL,
    diwi_name text NOT NULL UNIQUE
);
COMMENT ON TABLE ref.mutation_kind IS 'Houseblock mutation: construction (bouw) or demolition (sloop).';
INSERT INTO ref.mutation_kind VALUES
    ('construction', 'Bouw', 'Construction', 'CONSTRUCTION'),
    ('demolition', 'Sloop', 'Demolition', 'DEMOLITION');

CREATE TABLE ref.ownership_type (
    code text PRIMARY KEY,
    sort_order smallint NOT NULL UNIQUE,
    price_kind text NOT NULL CHECK (price_kind IN ('purchase', 'rent')),
    label_nl text NOT NULL,
    label_en text NOT NULL,
    diwi_name text NOT NULL UNIQUE
);
COMMENT ON TABLE ref.ownership_type IS 'Ownership of dwellings; owner-occupied prices are purchase prices, rentals monthly rents.';
INSERT INTO ref.ownership_type VALUES
    ('owner_occupied', 1, 'purchase', 'Koopwoning', 'Owner-occupied', 'KOOPWONING'),
    ('private_rental', 2, 'rent', 'Huurwoning particuliere verhuurder', 'Private rental', 'HUURWONING_PARTICULIERE_VERHUURDER'),
    ('social_rental', 3, 'rent', 'Huurwoning woningcorporatie', 'Social rental (housing association)', 'HUURWONING_WONINGCORPORATIE');

CREATE TABLE ref.municipality_role (
    code text PRIMARY KEY,
    sort_order smallint NOT NULL UNIQUE,
    label_nl text NOT NULL,
    label_en text NOT NULL
);
COMMENT ON TABLE ref.municipality_role IS 'Roles the municipality plays in a project (rol gemeente).';
INSERT INTO ref.municipality_role VALUES
    ('client', 1, 'Opdrachtgever', 'Client'),
    ('permit_authority', 2, 'Vergunningverlener', 'Permit authority'),
    ('landowner', 3, 'Grondeigenaar', 'Landowner'),
    ('planning_process', 4, 'Uitvoeren op RO-proces', 'Runs the spatial-planning process');

CREATE TABLE ref.priority (
    code text PRIMARY KEY,
    rank smallint NOT NULL UNIQUE,
    label_nl text NOT NULL,
    label_en text NOT NULL
);
COMMENT ON TABLE ref.priority IS 'Project priority; rank 1 is the highest priority.';
INSERT INTO ref.priority VALUES
    ('high', 1, 'Hoog', 'High'),
    ('medium', 2, 'Middel', 'Medium'),
    ('low', 3, 'Laag', 'Low');

CREATE TABLE ref.area_source (
    code text PRIMARY KEY,
    label_nl text NOT NULL,
    label_en text NOT NULL
);
COMMENT ON TABLE ref.area_source IS 'Where a plan area comes from: drawn, imported, or derived from cadastral parcels and buildings.';
INSERT INTO ref.area_source VALUES
    ('drawn', 'Getekend', 'Drawn'),
    ('imported', 'Geïmporteerd', 'Imported'),
    ('parcels', 'Afgeleid van percelen', 'Derived from parcels');

-- Area hierarchy with CBS codes
CREATE TABLE ref.province (
    code text PRIMARY KEY CHECK (code ~ '^PV[0-9]{2}$'),
    name text NOT NULL
);
COMMENT ON TABLE ref.province IS 'Provinces, keyed on their CBS code (PV20 ... PV31).';
INSERT INTO ref.province VALUES
    ('PV20', 'Groningen'), ('PV21', 'Fryslân'), ('PV22', 'Drenthe'), ('PV23', 'Overijssel'),
    ('PV24', 'Flevoland'), ('PV25', 'Gelderland'), ('PV26', 'Utrecht'), ('PV27', 'Noord-Holland'),
    ('PV28', 'Zuid-Holland'), ('PV29', 'Zeeland'), ('PV30', 'Noord-Brabant'), ('PV31', 'Limburg');

CREATE TABLE ref.region (
    code text PRIMARY KEY,
    name text NOT NULL,
    province_code text NOT NULL REFERENCES ref.province
);
COMMENT ON TABLE ref.region IS 'Housing regions (woonregio) within a province.';

CREATE TABLE ref.municipality (
    code text PRIMARY KEY CHECK (code ~ '^GM[0-9]{4}$'),
    name text NOT NULL,
    province_code text NOT NULL REFERENCES ref.province,
    region_code text REFERENCES ref.region,
    boundary geometry(MultiPolygon, 28992)
);
COMMENT ON TABLE ref.municipality IS 'Municipalities, keyed on their CBS code (GM0000); every plan row belongs to one.';
COMMENT ON COLUMN ref.municipality.boundary IS 'Municipal boundary in EPSG:28992 (from the bestuurlijke gebieden registry).';
CREATE INDEX ON ref.municipality USING gist (boundary);

CREATE TABLE ref.district (
    code text PRIMARY KEY CHECK (code ~ '^WK[0-9]{6}$'),
    name text NOT NULL,
    municipality_code text NOT NULL REFERENCES ref.municipality,
    CHECK (substr(code, 3, 4) = substr(municipality_code, 3, 4))
);
COMMENT ON TABLE ref.district IS 'Districts (wijken), keyed on their CBS code WKggggww.';

CREATE TABLE ref.neighbourhood (
    code text PRIMARY KEY CHECK (code ~ '^BU[0-9]{8}$'),
    name text NOT NULL,
    district_code text NOT NULL REFERENCES ref.district,
    CHECK (substr(code, 3, 6) = substr(district_code, 3, 6))
);
COMMENT ON TABLE ref.neighbourhood IS 'Neighbourhoods (buurten), keyed on their CBS code BUggggwwbb.';

-- Every rule the database enforces, with its stable code and messages
CREATE TABLE ref.rule (
    code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]+$'),
    message_nl text NOT NULL,
    message_en text NOT NULL
);
COMMENT ON TABLE ref.rule IS 'Validation rules enforced in the database: the stable error code raised (as constraint name or exception message) and its Dutch and English message.';
