-- Region threshold page (/regio/instellingen): who changed a region's key-project rule, and the
-- messages of the rules plan.set_region_key_min_dwellings raises.
ALTER TABLE plan.region_setting
    ADD COLUMN changed_by uuid REFERENCES auth.app_user (id) ON DELETE SET NULL,
    ADD COLUMN changed_at timestamptz NOT NULL DEFAULT now();
COMMENT ON COLUMN plan.region_setting.changed_by IS 'The region or province reader who last set the threshold.';

INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('region_setting_not_allowed',
     'U mag de drempel voor sleutelprojecten van deze regio niet instellen: dat kunnen regiomedewerkers van de regio en provinciemedewerkers van haar provincie.',
     'You may not set this region''s key-project threshold: region readers of the region and province readers of its province can.'),
    ('region_setting_negative',
     'De drempel voor sleutelprojecten is een aantal woningen van 0 of meer.',
     'The key-project threshold is a number of dwellings of 0 or more.');
