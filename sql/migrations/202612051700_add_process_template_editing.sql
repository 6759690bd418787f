-- Municipality templates of process schemes are edited on /beheer/processjablonen: steps can be
-- reordered (positions change, dependencies follow), a dependency may point to an earlier step
-- (cycles are refused by plan.add_process_template_dependency instead of by the order), and
-- templates can be applied only to projects of their own municipality (or nationwide ones).

ALTER TABLE plan.process_template_dependency
    DROP CONSTRAINT process_template_dependency_check,
    DROP CONSTRAINT process_template_dependency_template_id_from_position_fkey,
    DROP CONSTRAINT process_template_dependency_template_id_to_position_fkey,
    ADD CONSTRAINT process_dependency_self CHECK (from_position <> to_position),
    ADD CONSTRAINT process_template_dependency_from_fkey FOREIGN KEY (template_id, from_position)
        REFERENCES plan.process_template_step (template_id, position) ON UPDATE CASCADE ON DELETE CASCADE,
    ADD CONSTRAINT process_template_dependency_to_fkey FOREIGN KEY (template_id, to_position)
        REFERENCES plan.process_template_step (template_id, position) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE plan.process_template
    RENAME CONSTRAINT process_template_municipality_code_name_key TO process_template_name_taken;

INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('process_template_name_taken', 'Er is al een processjabloon met deze naam.', 'A process template with this name already exists.'),
    ('process_template_read_only', 'Een landelijk processjabloon kunt u niet wijzigen; maak er een kopie van voor uw gemeente.', 'A nationwide process template cannot be changed; copy it for your municipality.'),
    ('process_template_other_municipality', 'Dit processjabloon hoort bij een andere gemeente dan het project; kies een landelijk sjabloon of een sjabloon van de gemeente van het project.', 'This process template belongs to another municipality than the project''s.');
