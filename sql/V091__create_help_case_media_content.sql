-- The stored copy of each picture or voice message a worker sent (help_case_media). WeChat keeps
-- such temporary media for 3 days only, so each is fetched (/cgi-bin/media/get) as soon as it is
-- attached to a case and kept here: in the database every node shares and every backup holds, in
-- the same transaction as its state. A fetch that fails for a reason that may pass is tried again
-- (next_attempt_at, claimed with a lease like the reply outbox) until WeChat says it is gone or
-- expires_at has passed. The content is never read by a list: only the download reads it.
CREATE TABLE help_case_media_content (
  media_id        BIGINT       NOT NULL,
  case_id         BIGINT       NOT NULL,
  source          VARCHAR(16)  NOT NULL,
  received_at     DATETIME(3)  NOT NULL,
  expires_at      DATETIME(3)  NOT NULL,
  status          VARCHAR(16)  NOT NULL,
  attempts        INT          NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(3)  NOT NULL,
  last_error      VARCHAR(200) NULL,
  content_type    VARCHAR(64)  NULL,
  size_bytes      BIGINT       NULL,
  sha256          CHAR(64)     NULL,
  content         MEDIUMBLOB   NULL,
  stored_at       DATETIME(3)  NULL,
  PRIMARY KEY (media_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_help_case_media_content_due ON help_case_media_content (status, next_attempt_at);
CREATE INDEX idx_help_case_media_content_case ON help_case_media_content (case_id);

-- Media of cases submitted before: one try each (WeChat answers "gone" for those older than 3 days).
INSERT INTO help_case_media_content (media_id, case_id, source, received_at, expires_at, status, attempts,
  next_attempt_at)
SELECT m.id, m.case_id, 'INTAKE', h.submitted_at, TIMESTAMPADD(DAY, 3, h.submitted_at), 'PENDING', 0, h.submitted_at
FROM help_case_media m JOIN help_case h ON h.id = m.case_id;
