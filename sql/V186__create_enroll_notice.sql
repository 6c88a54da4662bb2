-- The worker's notice of a review decision (APPROVED with the member number, REJECTED with the
-- reason): one row per application and decision, written in the deciding transaction, so a decision
-- is notified once and its notice is never lost. The text is rebuilt from the application when sent
-- (the openid is read there, not kept here).
-- status: PENDING (waiting for an attempt), SENT, FAILED (WeChat refused it, or every attempt
-- failed), UNCERTAIN (an attempt reached WeChat without an answer in time, or its node stopped
-- mid-send: WeChat may have delivered it, so it is never sent again by itself).
-- next_at: when the next attempt is due; sending_since: set while a node holds an attempt, cleared
-- when it records the outcome. via: CUSTOM or TEMPLATE, as the last attempt left.
-- last_error: the channel's account of the last failure (no openid, no personal data).
CREATE TABLE enroll_notice (
  id             BIGINT       NOT NULL AUTO_INCREMENT,
  enrollment_id  BIGINT       NOT NULL,
  kind           VARCHAR(16)  NOT NULL,
  status         VARCHAR(16)  NOT NULL,
  attempts       INT          NOT NULL DEFAULT 0,
  next_at        DATETIME(3)  NOT NULL,
  sending_since  DATETIME(3)  NULL,
  via            VARCHAR(16)  NULL,
  last_error     VARCHAR(500) NULL,
  created_at     DATETIME(3)  NOT NULL,
  updated_at     DATETIME(3)  NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_enroll_notice UNIQUE (enrollment_id, kind)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_enroll_notice_due ON enroll_notice (status, next_at, id);
