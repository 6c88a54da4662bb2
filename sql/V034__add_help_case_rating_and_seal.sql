-- awaiting_rating_since: when the case last started to wait for the worker's rating; the sweep that
-- rates silence as 满意 after N days walks idx_help_case_awaiting.
-- seal_*: the hash chain of sealed cases. seal_seq orders the chain; seal_hash covers the case, its
-- timeline and media, and seal_prev_hash; help_seal_head holds the end of the chain and serialises
-- sealing across nodes (row lock), as audit_head does for the audit log.
ALTER TABLE help_case ADD COLUMN awaiting_rating_since DATETIME(3) NULL;
ALTER TABLE help_case ADD COLUMN seal_seq BIGINT NULL;
ALTER TABLE help_case ADD COLUMN seal_prev_hash CHAR(64) NULL;
ALTER TABLE help_case ADD COLUMN seal_hash CHAR(64) NULL;
ALTER TABLE help_case ADD CONSTRAINT uk_help_case_seal_seq UNIQUE (seal_seq);
CREATE INDEX idx_help_case_awaiting ON help_case (status, awaiting_rating_since);

UPDATE help_case SET awaiting_rating_since = replied_at WHERE status = 'AWAITING_RATING';

CREATE TABLE help_seal_head (
  id           INT      NOT NULL,
  last_seq     BIGINT   NOT NULL,
  last_case_id BIGINT   NULL,
  last_hash    CHAR(64) NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO help_seal_head (id, last_seq, last_case_id, last_hash)
VALUES (1, 0, NULL, '0000000000000000000000000000000000000000000000000000000000000000');
