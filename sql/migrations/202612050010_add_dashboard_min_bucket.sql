-- The smallest bucket a dashboard shows when it holds projects the viewer may count but not see
-- (the counting rule of issue 6): a per-municipality setting, edited by the Hoofdgebruiker.

ALTER TABLE auth.municipality_setting
    ADD COLUMN dashboard_min_bucket integer NOT NULL DEFAULT 3,
    ADD CONSTRAINT dashboard_min_bucket_invalid CHECK (dashboard_min_bucket BETWEEN 1 AND 100);
COMMENT ON COLUMN auth.municipality_setting.dashboard_min_bucket IS
    'k: a dashboard bucket with a project the viewer may count but not see and fewer than k projects is merged into "Overig (samengevoegd)", and suppressed if that stays below k.';

INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('dashboard_min_bucket_invalid',
     'De minimale groepsgrootte van dashboards ligt tussen 1 en 100 projecten.',
     'The minimum dashboard bucket size is between 1 and 100 projects.');
