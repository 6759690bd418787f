-- Outgoing webhooks: subscribers per municipality, a trigger-fed outbox of project, houseblock and
-- milestone changes, and the deliveries (with each attempt) the worker sends from it.

CREATE TABLE plan.webhook_subscription (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    municipality_code text NOT NULL REFERENCES ref.municipality,
    name text NOT NULL,
    url text NOT NULL,
    secret text NOT NULL,
    event_types text[] NOT NULL,
    max_confidentiality smallint NOT NULL DEFAULT 7 REFERENCES ref.confidentiality_level,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by uuid REFERENCES auth.app_user ON DELETE SET NULL,
    CONSTRAINT webhook_name_blank CHECK (btrim(name) <> ''),
    CONSTRAINT webhook_url_invalid CHECK (url ~ '^https?://[^\s/]+'),
    CONSTRAINT webhook_event_types_invalid CHECK (
        cardinality(event_types) > 0 AND event_types <@ ARRAY['project', 'houseblock', 'milestone']),
    CONSTRAINT webhook_name_taken UNIQUE (municipality_code, name)
);
COMMENT ON TABLE plan.webhook_subscription IS 'A system that receives signed CloudEvents when projects of the municipality change (managed by its admin).';
COMMENT ON COLUMN plan.webhook_subscription.secret IS 'The HMAC-SHA256 key of the signature header; shown to the admin once.';
COMMENT ON COLUMN plan.webhook_subscription.event_types IS 'Which entities'' changes it receives: project, houseblock, milestone.';
COMMENT ON COLUMN plan.webhook_subscription.max_confidentiality IS 'The most confidential level it may receive (rank 1 private .. 7 public); only projects at this rank or higher are sent.';

CREATE TABLE plan.outbox (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
    entity text NOT NULL CHECK (entity IN ('project', 'houseblock', 'milestone')),
    entity_id uuid NOT NULL,
    project_id uuid NOT NULL REFERENCES plan.project ON DELETE CASCADE,
    municipality_code text NOT NULL,
    change text NOT NULL CHECK (change IN ('created', 'changed', 'removed')),
    fields text[] NOT NULL DEFAULT '{}',
    confidentiality_level smallint,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    dispatched_at timestamptz,
    CONSTRAINT outbox_tx_entity_key UNIQUE (tx, entity, entity_id)
);
COMMENT ON TABLE plan.outbox IS 'One event per changed project, houseblock or milestone per transaction, written at commit by triggers; the worker fans it out to the subscribers.';
COMMENT ON COLUMN plan.outbox.fields IS 'The names of the fields that changed (empty for created and removed).';
COMMENT ON COLUMN plan.outbox.confidentiality_level IS 'The project''s confidentiality at the event (that of the version valid today).';
COMMENT ON COLUMN plan.outbox.dispatched_at IS 'When the worker made the deliveries for it (NULL: not yet).';
CREATE INDEX outbox_pending ON plan.outbox (occurred_at) WHERE dispatched_at IS NULL;

CREATE TABLE plan.webhook_delivery (
    id uuid PRIMARY KEY DEFAULT meta.uuid_v7(),
    subscription_id uuid NOT NULL REFERENCES plan.webhook_subscription ON DELETE CASCADE,
    outbox_id uuid NOT NULL REFERENCES plan.outbox ON DELETE CASCADE,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT webhook_delivery_subscription_outbox_key UNIQUE (subscription_id, outbox_id)
);
COMMENT ON TABLE plan.webhook_delivery IS 'One event to one subscriber: pending until a 2xx answer, failed after the last retry.';
CREATE INDEX webhook_delivery_due ON plan.webhook_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX ON plan.webhook_delivery (subscription_id, created_at DESC);

CREATE TABLE plan.webhook_attempt (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id uuid NOT NULL REFERENCES plan.webhook_delivery ON DELETE CASCADE,
    attempted_at timestamptz NOT NULL DEFAULT now(),
    status_code integer,
    error text,
    duration_ms integer NOT NULL
);
COMMENT ON TABLE plan.webhook_attempt IS 'The delivery log: every POST to a subscriber with its HTTP status or error.';
CREATE INDEX ON plan.webhook_attempt (delivery_id);

INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('webhook_name_blank', 'Vul de naam van de ontvanger in.', 'Enter the receiver''s name.'),
    ('webhook_url_invalid', 'Het webadres moet met https:// of http:// beginnen.',
     'The address must start with https:// or http://.'),
    ('webhook_event_types_invalid', 'Kies ten minste één soort gebeurtenis (project, woningblok, mijlpaal).',
     'Choose at least one kind of event (project, houseblock, milestone).'),
    ('webhook_name_taken', 'Er is al een ontvanger met deze naam.', 'A receiver with this name already exists.');
