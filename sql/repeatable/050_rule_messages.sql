-- Turning a rule code into the message a person reads.

CREATE OR REPLACE FUNCTION plan.rule_message(code text, lang text DEFAULT 'nl') RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN lang = 'en' THEN r.message_en ELSE r.message_nl END FROM ref.rule r WHERE r.code = rule_message.code
$$;
COMMENT ON FUNCTION plan.rule_message(text, text) IS 'The Dutch (nl) or English (en) message of a rule code from ref.rule.';
