-- Name the CBS code checks of districts and neighbourhoods after their rule codes; messages for the admin screens.

ALTER TABLE ref.district RENAME CONSTRAINT district_code_check TO district_code_invalid;
ALTER TABLE ref.district RENAME CONSTRAINT district_check TO district_code_wrong_municipality;
ALTER TABLE ref.neighbourhood RENAME CONSTRAINT neighbourhood_code_check TO neighbourhood_code_invalid;
ALTER TABLE ref.neighbourhood RENAME CONSTRAINT neighbourhood_check TO neighbourhood_code_wrong_district;
ALTER TABLE ref.district ADD CONSTRAINT district_name_blank CHECK (btrim(name) <> '');
ALTER TABLE ref.neighbourhood ADD CONSTRAINT neighbourhood_name_blank CHECK (btrim(name) <> '');

INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('district_code_invalid', 'Een wijkcode heeft de vorm WKggggww (WK, 4 cijfers gemeente, 2 cijfers wijk).', 'A district code has the form WKggggww (WK, 4 municipality digits, 2 district digits).'),
    ('district_code_wrong_municipality', 'De cijfers na WK moeten de gemeentecode zijn (WK0200.. voor GM0200).', 'The digits after WK must be the municipality code (WK0200.. for GM0200).'),
    ('district_code_taken', 'Er bestaat al een wijk met deze CBS-code.', 'A district with this CBS code already exists.'),
    ('district_name_blank', 'Een wijk heeft een naam nodig.', 'A district needs a name.'),
    ('neighbourhood_code_invalid', 'Een buurtcode heeft de vorm BUggggwwbb (BU, 4 cijfers gemeente, 2 cijfers wijk, 2 cijfers buurt).', 'A neighbourhood code has the form BUggggwwbb (BU, 4 municipality, 2 district and 2 neighbourhood digits).'),
    ('neighbourhood_code_wrong_district', 'De cijfers na BU moeten beginnen met de cijfers van de wijk (BU020001.. voor WK020001).', 'The digits after BU must start with the district digits (BU020001.. for WK020001).'),
    ('neighbourhood_code_taken', 'Er bestaat al een buurt met deze CBS-code.', 'A neighbourhood with this CBS code already exists.'),
    ('neighbourhood_name_blank', 'Een buurt heeft een naam nodig.', 'A neighbourhood needs a name.'),
    ('app_user_email_unique', 'Er bestaat al een gebruiker met dit e-mailadres.', 'A user with this e-mail address already exists.')
ON CONFLICT (code) DO NOTHING;
