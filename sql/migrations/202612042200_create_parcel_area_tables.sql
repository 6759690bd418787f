-- Plan areas derived from BRK parcels and BAG buildings: the buildings of a project version, which
-- versions a registry follow-up recorded, notices to a project's owner groups and vanished parcels
-- for a person to resolve.

CREATE TABLE plan.project_building (
    project_version_id uuid NOT NULL REFERENCES plan.project_version ON DELETE CASCADE,
    identificatie text NOT NULL,
    building_geometry geometry(MultiPolygon, 28992) NOT NULL,
    PRIMARY KEY (project_version_id, identificatie)
);
COMMENT ON TABLE plan.project_building IS 'BAG buildings (panden) of a project version; with area_source parcels they are part of the derived plan area.';
COMMENT ON COLUMN plan.project_building.identificatie IS 'BAG pand identificatie (16 digits, e.g. 0200100000012345).';
COMMENT ON COLUMN plan.project_building.building_geometry IS 'The building''s footprint as the BAG copy had it when the version was recorded.';

CREATE TABLE plan.registry_version (
    project_version_id uuid PRIMARY KEY REFERENCES plan.project_version ON DELETE CASCADE,
    source text NOT NULL CHECK (source IN ('brk', 'bag')),
    ingest_run_id bigint REFERENCES ingest.run ON DELETE SET NULL,
    summary jsonb NOT NULL DEFAULT '[]'
);
COMMENT ON TABLE plan.registry_version IS 'Project versions recorded by a registry follow-up rather than by a person: the source, the ingest run and what changed.';

CREATE TABLE plan.notice (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    user_group_id uuid NOT NULL REFERENCES auth.user_group ON DELETE CASCADE,
    project_id uuid REFERENCES plan.project ON DELETE CASCADE,
    kind text NOT NULL,
    message_nl text NOT NULL,
    details jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at timestamptz,
    read_by uuid REFERENCES auth.app_user,
    CONSTRAINT notice_message_blank CHECK (btrim(message_nl) <> ''),
    CONSTRAINT notice_read_by_without_read_at CHECK (read_by IS NULL OR read_at IS NOT NULL)
);
COMMENT ON TABLE plan.notice IS 'An in-app notice to a user group (a project''s owners), e.g. after a registry change altered its plan area.';
COMMENT ON COLUMN plan.notice.kind IS 'What the notice is about, e.g. parcel_area_followed, parcel_vanished.';
COMMENT ON COLUMN plan.notice.read_at IS 'When a member of the group marked it read (NULL: unread).';
CREATE INDEX notice_unread ON plan.notice (user_group_id, created_at DESC) WHERE read_at IS NULL;
CREATE INDEX ON plan.notice (project_id);

CREATE TABLE plan.parcel_issue (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    project_id uuid NOT NULL REFERENCES plan.project ON DELETE CASCADE,
    cadastral_municipality_code text NOT NULL,
    section text NOT NULL,
    parcel_number integer NOT NULL,
    since_run_id bigint REFERENCES ingest.run ON DELETE SET NULL,
    detected_at timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    resolved_by uuid REFERENCES auth.app_user,
    CONSTRAINT parcel_issue_resolved_by_without_resolved_at CHECK (resolved_by IS NULL OR resolved_at IS NOT NULL)
);
COMMENT ON TABLE plan.parcel_issue IS 'A parcel of a parcel-derived plan area that vanished from the BRK without a successor: the area keeps its old geometry until a person resolves it.';
COMMENT ON COLUMN plan.parcel_issue.since_run_id IS 'The BRK ingest run after which the parcel was missing.';
COMMENT ON COLUMN plan.parcel_issue.resolved_by IS 'Who marked it resolved (NULL with resolved_at: resolved by a later follow-up, e.g. the parcel is back or no longer in the project).';
CREATE UNIQUE INDEX parcel_issue_designation ON plan.parcel_issue
    (project_id, cadastral_municipality_code, section, parcel_number);

INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('parcel_unknown', 'Dit perceel staat niet in de BRK-kopie.', 'This parcel is not in the BRK copy.'),
    ('building_unknown', 'Dit pand staat niet in de BAG-kopie.', 'This building is not in the BAG copy.'),
    ('parcel_area_empty', 'Kies minstens één perceel of pand voor het plangebied.', 'Choose at least one parcel or building for the plan area.'),
    ('parcel_subselection_outside', 'De deelselectie ligt buiten het perceel.', 'The sub-selection lies outside its parcel.'),
    ('notice_message_blank', 'Een melding heeft een tekst nodig.', 'A notice needs a message.'),
    ('notice_read_by_without_read_at', 'Wie een melding las, kan alleen worden vastgelegd met het moment van lezen.', 'Who read a notice needs the moment it was read.'),
    ('parcel_issue_resolved_by_without_resolved_at', 'Wie een verdwenen perceel oploste, kan alleen worden vastgelegd met het moment van oplossen.', 'Who resolved a vanished parcel needs the moment it was resolved.'),
    ('parcel_issue_designation', 'Dit verdwenen perceel staat al op de lijst voor dit project.', 'This vanished parcel is already listed for this project.');
