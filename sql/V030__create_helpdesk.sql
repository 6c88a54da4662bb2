-- 我要求助: categories, cases, their timeline and the media a worker sent during intake.
CREATE TABLE help_category (
  id         BIGINT      NOT NULL AUTO_INCREMENT,
  name       VARCHAR(32) NOT NULL,
  sort_order INT         NOT NULL DEFAULT 0,
  enabled    BOOLEAN     NOT NULL DEFAULT TRUE,
  PRIMARY KEY (id),
  CONSTRAINT uk_help_category_name UNIQUE (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A worker's request. org_path is copied from org_unit so "cases of my subtree" is one prefix
-- scan; source_inbound_id is the wx_inbound row of the confirming message, so a WeChat retry can
-- never create a second case. The mobile is encrypted; mobile_hash finds it again without the key.
CREATE TABLE help_case (
  id                BIGINT        NOT NULL AUTO_INCREMENT,
  number            VARCHAR(48)   NOT NULL,
  openid            VARCHAR(64)   NOT NULL,
  category_id       BIGINT        NOT NULL,
  description       VARCHAR(2000) NOT NULL,
  mobile_enc        VARCHAR(255)  NULL,
  mobile_hash       VARCHAR(64)   NULL,
  org_id            BIGINT        NOT NULL,
  org_path          VARCHAR(255)  NOT NULL,
  status            VARCHAR(24)   NOT NULL,
  submitted_at      DATETIME(3)   NOT NULL,
  due_at            DATETIME(3)   NOT NULL,
  due_date          DATE          NOT NULL,
  accepted_at       DATETIME(3)   NULL,
  replied_at        DATETIME(3)   NULL,
  rating            VARCHAR(16)   NULL,
  sealed_at         DATETIME(3)   NULL,
  reopened          BOOLEAN       NOT NULL DEFAULT FALSE,
  source_inbound_id BIGINT        NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_help_case_number UNIQUE (number),
  CONSTRAINT uk_help_case_source UNIQUE (source_inbound_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_help_case_scope ON help_case (org_path, status, due_at);
CREATE INDEX idx_help_case_openid ON help_case (openid, submitted_at);

-- Everything that happened to a case, in order: transitions, replies (with how they were
-- delivered), ratings.
CREATE TABLE help_case_event (
  id              BIGINT        NOT NULL AUTO_INCREMENT,
  case_id         BIGINT        NOT NULL,
  at              DATETIME(3)   NOT NULL,
  kind            VARCHAR(24)   NOT NULL,
  actor           VARCHAR(64)   NOT NULL,
  content         VARCHAR(2000) NULL,
  delivery_via    VARCHAR(16)   NULL,
  delivery_status VARCHAR(16)   NULL,
  detail          VARCHAR(500)  NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_help_case_event_case ON help_case_event (case_id, id);

CREATE TABLE help_case_media (
  id         BIGINT       NOT NULL AUTO_INCREMENT,
  case_id    BIGINT       NOT NULL,
  media_type VARCHAR(16)  NOT NULL,
  media_id   VARCHAR(191) NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_help_case_media_case ON help_case_media (case_id);
