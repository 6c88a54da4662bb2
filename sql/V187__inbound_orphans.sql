-- A message logged but never handled (the node that logged it stopped while its handler ran, before
-- the outcome was stored) is handled by whichever node sweeps first. The sweep finds such messages by
-- their time of arrival: a range of this index over the last half hour, each row's outcome looked up
-- by its primary key.
CREATE INDEX idx_wx_inbound_received ON wx_inbound (received_at);

-- Who handles such a message late: a row per try, written before the try, so one node takes it.
-- A try whose node stopped too (no outcome long after its claim) is taken again under the next
-- attempt number, a bounded number of times.
CREATE TABLE wx_inbound_claim (
  inbound_id  BIGINT      NOT NULL,
  attempt     INT         NOT NULL,
  claimed_at  DATETIME(3) NOT NULL,
  PRIMARY KEY (inbound_id, attempt)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_wx_inbound_claim_at ON wx_inbound_claim (claimed_at);

-- A worker's 补充 (text or media) and rating are timeline entries; the entry carries the inbound
-- message it came from, so handling that message again adds nothing.
ALTER TABLE help_case_event ADD COLUMN source_inbound_id BIGINT NULL;
CREATE UNIQUE INDEX uk_help_case_event_source ON help_case_event (source_inbound_id);

-- The enrollment conversation's last step taken from a message: a message handled again after its
-- step was saved is not taken as the answer to the next step.
ALTER TABLE enrollment ADD COLUMN last_inbound_id BIGINT NULL;
