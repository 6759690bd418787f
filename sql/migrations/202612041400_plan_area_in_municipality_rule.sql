-- Message of the rule that keeps a drawn or imported plan area inside its municipality.

INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('plan_area_outside_municipality',
     'Het plangebied ligt (deels) buiten de gemeente.',
     'The plan area lies (partly) outside the municipality.')
ON CONFLICT (code) DO NOTHING;
