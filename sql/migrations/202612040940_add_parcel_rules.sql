-- Messages of the parcel geometry rules.
INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('parcel_geometry_invalid', 'De geometrie van een perceel moet een (multi)polygoon zijn.', 'A parcel''s geometry must be a (multi)polygon.'),
    ('parcel_subselection_invalid', 'Een deelselectie van een perceel moet een (multi)polygoon zijn.', 'A parcel sub-selection must be a (multi)polygon.');
