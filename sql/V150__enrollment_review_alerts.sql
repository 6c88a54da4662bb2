-- Review reminders and 督办 of enrollment applications (3 working days, as for help requests).
-- reminded_at: the due-day reminder to the target org's admins was raised; escalated_at: the
-- application went past its due date unreviewed and the parent org's admins were told.
ALTER TABLE enrollment ADD COLUMN reminded_at DATETIME(3) NULL;
ALTER TABLE enrollment ADD COLUMN escalated_at DATETIME(3) NULL;
ALTER TABLE enrollment ADD COLUMN supervised_count INT NOT NULL DEFAULT 0;
ALTER TABLE enrollment ADD COLUMN supervision_note VARCHAR(200) NULL;

-- The sweep finds applications under review by due date without reading the others.
CREATE INDEX idx_enrollment_due ON enrollment (status, due_date, id);

-- One alert per (application, kind, ref): REMINDER and OVERDUE once each (ref 0), SUPERVISION once
-- per 督办 (ref = the application's supervised_count after it). Raised in the transaction that
-- decides it is due, then sent to the admins of target_org_id who bound their WeChat.
CREATE TABLE enroll_review_alert (
  id             BIGINT       NOT NULL AUTO_INCREMENT,
  enrollment_id  BIGINT       NOT NULL,
  kind           VARCHAR(16)  NOT NULL,
  ref_id         BIGINT       NOT NULL,
  target_org_id  BIGINT       NOT NULL,
  due_date       DATE         NOT NULL,
  note           VARCHAR(200) NULL,
  created_by     VARCHAR(64)  NULL,
  status         VARCHAR(16)  NOT NULL,
  attempts       INT          NOT NULL DEFAULT 0,
  recipients     INT          NOT NULL DEFAULT 0,
  delivered      INT          NOT NULL DEFAULT 0,
  error          VARCHAR(255) NULL,
  claimed_until  DATETIME(3)  NULL,
  created_at     DATETIME(3)  NOT NULL,
  sent_at        DATETIME(3)  NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_enroll_review_alert UNIQUE (enrollment_id, kind, ref_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_enroll_review_alert_status ON enroll_review_alert (status, id);
