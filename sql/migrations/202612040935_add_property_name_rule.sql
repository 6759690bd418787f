-- The message of the unique property name rule (the index property_name_taken).
INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('property_name_taken', 'Er bestaat al een eigenschap met deze naam.', 'A property with this name already exists.');
