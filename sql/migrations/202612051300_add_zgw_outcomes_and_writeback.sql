-- ZGW, round 3: the Catalogi API address, the resultaattype → end-milestone status mapping and
-- what DIWI knows of a linked zaak (identificatie, zaaktype, resultaat, the zaakobject written back).

ALTER TABLE plan.zgw_config ADD COLUMN catalogi_url text,
    ADD CONSTRAINT zgw_catalogi_url_invalid CHECK (catalogi_url ~ '^https?://');
COMMENT ON COLUMN plan.zgw_config.catalogi_url IS 'Base URL of the Catalogi API (resultaattypen are fetched only from under it); NULL: outcomes are not read.';

CREATE TABLE plan.zgw_outcome (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    municipality_code text NOT NULL REFERENCES ref.municipality,
    omschrijving text NOT NULL,
    status text NOT NULL REFERENCES ref.milestone_status,
    CONSTRAINT zgw_outcome_blank CHECK (btrim(omschrijving) <> '')
);
COMMENT ON TABLE plan.zgw_outcome IS 'The end milestone''s status per resultaattype omschrijving (or omschrijvingGeneriek), e.g. Verleend → realised, Geweigerd → aborted.';
CREATE UNIQUE INDEX zgw_outcome_unique ON plan.zgw_outcome (municipality_code, lower(omschrijving));

ALTER TABLE plan.zgw_zaak_link ADD COLUMN identificatie text, ADD COLUMN zaaktype text,
    ADD COLUMN resultaat text, ADD COLUMN zaakobject_url text, ADD COLUMN writeback_error text,
    ADD COLUMN linked_by uuid REFERENCES auth.app_user ON DELETE SET NULL;
COMMENT ON COLUMN plan.zgw_zaak_link.resultaat IS 'Omschrijving of the zaak''s resultaattype, once it has one.';
COMMENT ON COLUMN plan.zgw_zaak_link.zaakobject_url IS 'The zaakobject (objectType overige, woningbouwproject) DIWI posted on the zaak; NULL until written back.';
COMMENT ON COLUMN plan.zgw_zaak_link.linked_by IS 'The user who linked the zaak by hand (matched_by manual).';

INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('zgw_catalogi_url_invalid',
     'Het adres van de Catalogi API moet met http:// of https:// beginnen.',
     'The Catalogi API address must start with http:// or https://.'),
    ('zgw_outcome_blank',
     'Een resultaat heeft een omschrijving nodig.',
     'An outcome needs a description.'),
    ('zgw_outcome_unique',
     'Voor dit resultaat is al een status ingesteld.',
     'This outcome already has a status.');
