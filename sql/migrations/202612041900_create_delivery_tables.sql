-- Province deliveries (ADR 0010): the loaded templates, each municipality's mapping of template fields,
-- options and price categories onto its own custom properties, and the house type of an ownership line.

CREATE TABLE ref.delivery_template (
    id text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]+$'),
    province_code text NOT NULL REFERENCES ref.province,
    title_nl text NOT NULL,
    definition jsonb NOT NULL CHECK (jsonb_typeof(definition) = 'object'),
    loaded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE ref.delivery_template IS 'Province delivery templates, loaded by manage migrate from sql/delivery/<id>.yml (validated there).';
COMMENT ON COLUMN ref.delivery_template.definition IS 'The whole template: format, tables, fields, checks, confidentiality and price bands.';

CREATE TABLE plan.delivery_field_mapping (
    municipality_code text NOT NULL REFERENCES ref.municipality,
    template_id text NOT NULL REFERENCES ref.delivery_template ON DELETE CASCADE,
    field_name text NOT NULL,
    property_id uuid NOT NULL REFERENCES plan.property ON DELETE CASCADE,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid REFERENCES auth.app_user,
    PRIMARY KEY (municipality_code, template_id, field_name)
);
COMMENT ON TABLE plan.delivery_field_mapping IS 'Which custom property of the municipality fills a mapped field of a delivery template.';

CREATE TABLE plan.delivery_option_mapping (
    municipality_code text NOT NULL REFERENCES ref.municipality,
    template_id text NOT NULL REFERENCES ref.delivery_template ON DELETE CASCADE,
    field_name text NOT NULL,
    province_option text NOT NULL,
    property_option_id uuid NOT NULL REFERENCES plan.property_option ON DELETE CASCADE,
    PRIMARY KEY (municipality_code, template_id, field_name, province_option, property_option_id)
);
COMMENT ON TABLE plan.delivery_option_mapping IS 'Which options of the mapped custom property stand for a province option (one province option: one or more own options).';

CREATE TABLE plan.delivery_price_mapping (
    municipality_code text NOT NULL REFERENCES ref.municipality,
    template_id text NOT NULL REFERENCES ref.delivery_template ON DELETE CASCADE,
    price_category_id uuid NOT NULL REFERENCES plan.price_category ON DELETE CASCADE,
    band text NOT NULL CHECK (band ~ '^(KOOP[1-4]|KOOP_ONB|HUUR[1-4]|HUUR_ONB)$'),
    PRIMARY KEY (municipality_code, template_id, price_category_id)
);
COMMENT ON TABLE plan.delivery_price_mapping IS 'The province price band a municipal price category counts as; wins over the band computed from its bounds.';

ALTER TABLE plan.houseblock_ownership_line ADD COLUMN house_type text
    CONSTRAINT ownership_house_type_unknown CHECK (house_type IN ('single_family', 'multi_family'));
COMMENT ON COLUMN plan.houseblock_ownership_line.house_type IS 'The house type of the dwellings of this line when known (single_family, multi_family); deliveries then cross-tabulate real numbers.';

INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('ownership_house_type_unknown', 'Onbekend woningtype bij eigendom en waarde.', 'Unknown house type on an ownership line.'),
    ('missing_mandatory_value', 'Verplichte waarde ontbreekt.', 'A mandatory value is missing.'),
    ('multiple_single_select_values', 'Er is meer dan één waarde gekozen waar de provincie er één verwacht.', 'More than one value where the province expects one.'),
    ('value_larger_than_construction_houseblocks', 'De waarde is groter dan het aantal te bouwen woningen van het project.', 'The value exceeds the number of dwellings the project builds.'),
    ('missing_dataexchange_mapping', 'Dit veld van de levering is niet gekoppeld aan een plusveld.', 'This delivery field is not mapped to a custom property.'),
    ('numeric_range_value', 'Er is een bereik ingevuld waar de provincie één getal verwacht.', 'A range was entered where the province expects one number.'),
    ('ownership_range_mapping_error', 'De prijs (bereik of categorie) valt in meer dan één prijsklasse van de provincie.', 'The price (range or category) spans more than one province price band.'),
    ('min_confidentiality_error', 'De vertrouwelijkheid is lager dan deze levering toestaat.', 'The confidentiality is below the minimum of this delivery.'),
    ('project_does_not_have_geometry', 'Het project heeft geen plangebied.', 'The project has no plan area.'),
    ('province_format_error', 'Een waarde past niet in het bestand van de provincie (lijst met toegestane waarden, lengte of type).', 'A value does not fit the province''s file (allowed values, length or type).'),
    ('missing_custom_prop', 'Een verplicht veld van de levering is niet gekoppeld.', 'A mandatory delivery field is not mapped.'),
    ('option_not_mapped', 'Een optie van het plusveld is aan geen enkele optie van de provincie gekoppeld.', 'An option of the custom property is mapped to no province option.'),
    ('option_mapped_multiple_times', 'Een optie van het plusveld is aan meer dan één optie van de provincie gekoppeld.', 'An option of the custom property is mapped to more than one province option.'),
    ('mapping_type_incompatible', 'Het soort plusveld past niet bij dit veld van de levering.', 'The custom property''s type does not fit this delivery field.'),
    ('mapping_not_mandatory', 'Dit veld is verplicht voor de provincie; kies een verplicht plusveld.', 'The province requires this field; choose a mandatory custom property.'),
    ('mapping_not_single_select', 'Dit veld heeft één waarde; kies een plusveld met enkelvoudige keuze.', 'This field holds one value; choose a single-select custom property.'),
    ('mapping_option_invalid', 'De gekozen optie is niet (meer) actief of hoort niet bij dit plusveld.', 'The chosen option is inactive or does not belong to this custom property.'),
    ('mapping_property_invalid', 'Het gekozen plusveld is niet (meer) actief of hoort niet bij deze gemeente.', 'The chosen custom property is inactive or does not belong to this municipality.'),
    ('mapping_price_category_invalid', 'De prijscategorie hoort niet bij deze gemeente of de prijsklasse past niet bij koop of huur.', 'The price category is not of this municipality or the band does not fit purchase or rent.');
