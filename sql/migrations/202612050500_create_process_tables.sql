-- Process streams (PPM): per project public and private process steps with dependencies, and
-- municipality templates of standard schemes applied to a project in one go.

CREATE TABLE plan.process_step (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    project_id uuid NOT NULL REFERENCES plan.project (id) ON DELETE CASCADE,
    stream text NOT NULL CHECK (stream IN ('public', 'private')),
    name text NOT NULL CHECK (btrim(name) <> ''),
    planned_start date NOT NULL,
    planned_end date NOT NULL,
    actual_start date,
    actual_end date,
    responsible_user_id uuid REFERENCES auth.app_user (id) ON DELETE SET NULL,
    responsible_group_id uuid REFERENCES auth.user_group (id) ON DELETE SET NULL,
    responsible_organisation text,
    changed_by uuid,
    changed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT process_step_dates_out_of_order CHECK (planned_end >= planned_start
        AND (actual_end IS NULL OR (actual_start IS NOT NULL AND actual_end >= actual_start))),
    CONSTRAINT process_step_one_responsible CHECK (num_nonnulls(responsible_user_id,
        responsible_group_id, nullif(btrim(responsible_organisation), '')) <= 1)
);
CREATE INDEX process_step_project_idx ON plan.process_step (project_id);
COMMENT ON TABLE plan.process_step IS 'A step of a project''s public (municipal) or private (developer) process stream, with planned and actual dates and one responsible party: a user, a user group or an external organisation.';

CREATE TABLE plan.process_dependency (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    from_step_id uuid NOT NULL REFERENCES plan.process_step (id) ON DELETE CASCADE,
    to_step_id uuid NOT NULL REFERENCES plan.process_step (id) ON DELETE CASCADE,
    kind text NOT NULL DEFAULT 'finish_to_start' CHECK (kind IN ('finish_to_start', 'start_to_start')),
    lag_days integer NOT NULL DEFAULT 0,
    CONSTRAINT process_dependency_self CHECK (from_step_id <> to_step_id),
    CONSTRAINT process_dependency_twice UNIQUE (from_step_id, to_step_id)
);
CREATE INDEX process_dependency_to_idx ON plan.process_dependency (to_step_id);
COMMENT ON TABLE plan.process_dependency IS 'Step to_step waits for from_step: finish-to-start or start-to-start, plus lag days (negative: lead).';

CREATE TABLE plan.process_template (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    municipality_code text REFERENCES ref.municipality (code) ON DELETE CASCADE,
    name text NOT NULL CHECK (btrim(name) <> ''),
    UNIQUE NULLS NOT DISTINCT (municipality_code, name)
);
COMMENT ON TABLE plan.process_template IS 'A standard scheme of process steps; municipality_code NULL: offered to every municipality.';

CREATE TABLE plan.process_template_step (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    template_id uuid NOT NULL REFERENCES plan.process_template (id) ON DELETE CASCADE,
    position smallint NOT NULL,
    stream text NOT NULL CHECK (stream IN ('public', 'private')),
    name text NOT NULL CHECK (btrim(name) <> ''),
    duration_days integer NOT NULL CHECK (duration_days >= 0),
    UNIQUE (template_id, position)
);

CREATE TABLE plan.process_template_dependency (
    template_id uuid NOT NULL REFERENCES plan.process_template (id) ON DELETE CASCADE,
    from_position smallint NOT NULL,
    to_position smallint NOT NULL,
    kind text NOT NULL DEFAULT 'finish_to_start' CHECK (kind IN ('finish_to_start', 'start_to_start')),
    lag_days integer NOT NULL DEFAULT 0,
    PRIMARY KEY (template_id, from_position, to_position),
    CHECK (from_position < to_position),
    FOREIGN KEY (template_id, from_position) REFERENCES plan.process_template_step (template_id, position),
    FOREIGN KEY (template_id, to_position) REFERENCES plan.process_template_step (template_id, position)
);

INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('process_step_dates_out_of_order', 'Het einde van een processtap ligt voor het begin, of er is een werkelijk einde zonder werkelijk begin.', 'A process step ends before it starts, or has an actual end without an actual start.'),
    ('process_step_one_responsible', 'Een processtap heeft één verantwoordelijke: een gebruiker, een groep of een externe organisatie.', 'A process step has one responsible party: a user, a group or an external organisation.'),
    ('process_dependency_self', 'Een stap kan niet van zichzelf afhangen.', 'A step cannot depend on itself.'),
    ('process_dependency_twice', 'Deze afhankelijkheid bestaat al.', 'This dependency already exists.'),
    ('process_dependency_cycle', 'Deze afhankelijkheid maakt een kring: de stap zou op zichzelf wachten. Kies een andere voorganger.', 'This dependency makes a cycle: the step would wait for itself.'),
    ('process_dependency_other_project', 'Beide stappen van een afhankelijkheid horen bij hetzelfde project.', 'Both steps of a dependency belong to the same project.'),
    ('process_stream_not_editable', 'U mag deze processtroom niet wijzigen: de publieke stroom is van de gemeente, de private stroom van de toegelaten externe partner.', 'You may not change this process stream: the public stream is the municipality''s, the private stream the admitted external partner''s.');

WITH t AS (
    INSERT INTO plan.process_template (municipality_code, name)
    VALUES (NULL, 'Standaard woningbouwproces') RETURNING id
), s AS (
    INSERT INTO plan.process_template_step (template_id, position, stream, name, duration_days)
    SELECT t.id, v.position, v.stream, v.name, v.duration_days FROM t, (VALUES
        (1, 'public', 'Principeverzoek en principebesluit', 60),
        (2, 'private', 'Schetsontwerp en haalbaarheid', 90),
        (3, 'public', 'Anterieure overeenkomst', 120),
        (4, 'public', 'Omgevingsplan wijzigen', 240),
        (5, 'private', 'Aanvraag omgevingsvergunning voorbereiden', 120),
        (6, 'public', 'Omgevingsvergunning verlenen', 56),
        (7, 'private', 'Start bouw', 0)) AS v (position, stream, name, duration_days)
    RETURNING template_id
)
INSERT INTO plan.process_template_dependency (template_id, from_position, to_position, kind, lag_days)
SELECT DISTINCT s.template_id, v.f, v.t, v.kind, v.lag FROM s, (VALUES
    (1, 2, 'finish_to_start', 0), (2, 3, 'finish_to_start', 0), (3, 4, 'finish_to_start', 0),
    (3, 5, 'finish_to_start', 0), (4, 6, 'finish_to_start', 0), (5, 6, 'finish_to_start', 0),
    (6, 7, 'finish_to_start', 42)) AS v (f, t, kind, lag);
