-- One row per reply event that must reach the worker. A send that fails for a reason that may pass
-- (WeChat busy, network) stays PENDING with next_attempt_at pushed back exponentially; after the
-- last attempt it is FAILED and the timeline says so. Claiming a row moves next_attempt_at past a
-- lease first, so two nodes never send the same attempt.
CREATE TABLE help_reply_outbox (
  id              BIGINT       NOT NULL AUTO_INCREMENT,
  case_id         BIGINT       NOT NULL,
  event_id        BIGINT       NOT NULL,
  status          VARCHAR(16)  NOT NULL,
  attempts        INT          NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(3)  NOT NULL,
  last_error      VARCHAR(500) NULL,
  delivered_via   VARCHAR(16)  NULL,
  created_at      DATETIME(3)  NOT NULL,
  updated_at      DATETIME(3)  NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_help_reply_outbox_event UNIQUE (event_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_help_reply_outbox_due ON help_reply_outbox (status, next_attempt_at);
CREATE INDEX idx_help_reply_outbox_case ON help_reply_outbox (case_id);
