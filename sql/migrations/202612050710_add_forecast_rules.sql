-- Messages of the forecast table's rules (every named plan constraint has a rule, ADR 0002).
INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('forecast_quantiles_out_of_order',
     'Een prognose moet p10 ≤ p50 ≤ p90 hebben.', 'A forecast must have p10 ≤ p50 ≤ p90.'),
    ('forecast_drivers_not_array',
     'De verklaring van een prognose moet een lijst zijn.', 'A forecast''s drivers must be a list.');
