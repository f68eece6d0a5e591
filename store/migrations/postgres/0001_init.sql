-- Acknowledgements and the audit log.
CREATE TABLE acknowledgements (
    id          BIGSERIAL   PRIMARY KEY,
    rule_id     TEXT        NOT NULL,
    rule_hash   TEXT        NOT NULL,
    party_id    TEXT        NOT NULL,
    person      TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    remote_addr TEXT        NOT NULL DEFAULT '',
    UNIQUE (rule_id, rule_hash, party_id, person)
);
CREATE INDEX acknowledgements_party_rule ON acknowledgements (party_id, rule_id);

CREATE TABLE audit_log (
    id          BIGSERIAL   PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    actor       TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    object      TEXT        NOT NULL,
    detail      JSONB       NOT NULL DEFAULT '{}',
    remote_addr TEXT        NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
