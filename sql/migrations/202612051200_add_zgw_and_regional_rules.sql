-- Messages of the ZGW link's and the regional table's rules (every named plan constraint has a rule).
INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('zgw_url_invalid',
     'De adressen van de Zaken API en de Notificaties API moeten met http:// of https:// beginnen.',
     'The Zaken API and Notificaties API addresses must start with http:// or https://.'),
    ('zgw_client_blank',
     'Vul de client-id en het gedeelde geheim van het zaaksysteem in.',
     'Enter the zaak system''s client id and shared secret.'),
    ('zgw_mapping_blank',
     'Een koppeling heeft een zaaktype en een mijlpaalomschrijving nodig.',
     'A mapping needs a zaaktype and a milestone description.'),
    ('zgw_config_receive_token',
     'Dit ontvangsttoken is al in gebruik; abonneer opnieuw voor een nieuw token.',
     'This receive token is already in use; subscribe again for a new token.'),
    ('process_summary_lists',
     'De samenvatting van de processtappen moet lijsten bevatten.',
     'The process summary must hold lists.');
