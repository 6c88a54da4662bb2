-- Reply tracking (2 working days): reminders and escalations raised by the sweep, their deliveries,
-- the sweep's progress marks, and the daily KPI summary.

-- One row per notice about a case: REMINDER (last working day began, unit's informants),
-- ESCALATION (due instant passed, parent org's admins, 督办) and SUPERVISION (a 督办 note, unit's
-- informants; ref_id is the timeline event). The unique key is taken before anything is sent, so
-- however many nodes sweep, each notice exists once.
CREATE TABLE help_case_alert (
  id            BIGINT       NOT NULL AUTO_INCREMENT,
  case_id       BIGINT       NOT NULL,
  kind          VARCHAR(16)  NOT NULL,
  ref_id        BIGINT       NOT NULL DEFAULT 0,
  case_number   VARCHAR(48)  NOT NULL,
  org_id        BIGINT       NOT NULL,
  org_path      VARCHAR(255) NOT NULL,
  target_org_id BIGINT       NOT NULL,
  due_at        DATETIME(3)  NOT NULL,
  note          VARCHAR(500) NULL,
  status        VARCHAR(16)  NOT NULL,
  attempts      INT          NOT NULL DEFAULT 0,
  next_try_at   DATETIME(3)  NULL,
  claim_token   VARCHAR(36)  NULL,
  recipients    INT          NOT NULL DEFAULT 0,
  delivered     INT          NOT NULL DEFAULT 0,
  error         VARCHAR(500) NULL,
  created_at    DATETIME(3)  NOT NULL,
  finished_at   DATETIME(3)  NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_help_case_alert UNIQUE (case_id, kind, ref_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_help_case_alert_pending ON help_case_alert (status, next_try_at);
CREATE INDEX idx_help_case_alert_scope ON help_case_alert (org_path, created_at);

-- Who an alert reached on WeChat. The row is inserted before the send: a delivery is SENT once,
-- a FAILED or interrupted (SENDING) one is tried again with the alert.
CREATE TABLE help_case_alert_delivery (
  id            BIGINT       NOT NULL AUTO_INCREMENT,
  alert_id      BIGINT       NOT NULL,
  staff_user_id BIGINT       NOT NULL,
  status        VARCHAR(16)  NOT NULL,
  error         VARCHAR(255) NULL,
  updated_at    DATETIME(3)  NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_help_case_alert_delivery UNIQUE (alert_id, staff_user_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- How far each incremental pass of the sweep has got: (mark_at, mark_id) is the last
-- (due_at, id) looked at, or for KPI_EVENTS the last help_case_event id.
CREATE TABLE sla_sweep_mark (
  name    VARCHAR(32) NOT NULL,
  mark_at DATETIME(3) NOT NULL,
  mark_id BIGINT      NOT NULL,
  PRIMARY KEY (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The sweep walks cases by due instant; statistics find a day's cases by submission time.
CREATE INDEX idx_help_case_due ON help_case (due_at, replied_at);
CREATE INDEX idx_help_case_submitted ON help_case (submitted_at);

-- Office time from submission to the first reply that left, in minutes (filled by the sweep).
ALTER TABLE help_case ADD COLUMN reply_work_minutes INT NULL;

-- KPI counters per submission day, org and category. A case counts in the row of its own org and
-- in the row of every ancestor, so an org's figure is its own row and its children's figures are
-- the rows whose parent_id is the org: a few thousand rows for a year, whatever the case count.
CREATE TABLE help_kpi_daily (
  submitted_day DATE   NOT NULL,
  org_id        BIGINT NOT NULL,
  parent_id     BIGINT NULL,
  category_id   BIGINT NOT NULL,
  received      INT    NOT NULL,
  answered      INT    NOT NULL,
  on_time       INT    NOT NULL,
  late          INT    NOT NULL,
  open_cases    INT    NOT NULL,
  rated         INT    NOT NULL,
  satisfied     INT    NOT NULL,
  reply_minutes BIGINT NOT NULL,
  replies_timed INT    NOT NULL,
  PRIMARY KEY (submitted_day, org_id, category_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_help_kpi_daily_org ON help_kpi_daily (org_id, submitted_day);
CREATE INDEX idx_help_kpi_daily_parent ON help_kpi_daily (parent_id, submitted_day);

-- Days whose counters must be computed again (due times moved by a calendar edit, a rebuild).
CREATE TABLE help_kpi_dirty (
  submitted_day DATE NOT NULL,
  PRIMARY KEY (submitted_day)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
