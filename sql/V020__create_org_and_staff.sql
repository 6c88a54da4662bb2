-- The federation's org tree. path is the materialized path of ids ('/1/7/42/'), so
-- "this org and everything under it" is one prefix query on an index.
CREATE TABLE org_unit (
  id              BIGINT       NOT NULL AUTO_INCREMENT,
  parent_id       BIGINT       NULL,
  name            VARCHAR(128) NOT NULL,
  org_level       VARCHAR(16)  NOT NULL,
  path            VARCHAR(255) NOT NULL,
  requires_review BOOLEAN      NOT NULL DEFAULT FALSE,
  demo            BOOLEAN      NOT NULL DEFAULT FALSE,
  created_at      DATETIME(3)  NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_org_unit_path UNIQUE (path),
  CONSTRAINT uk_org_unit_sibling_name UNIQUE (parent_id, name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_org_unit_parent ON org_unit (parent_id);
CREATE INDEX idx_org_unit_name ON org_unit (name);

-- People who work in the console: informants, admins, auditors. Passwords are BCrypt hashes.
CREATE TABLE staff_user (
  id                   BIGINT       NOT NULL AUTO_INCREMENT,
  username             VARCHAR(64)  NOT NULL,
  password_hash        VARCHAR(100) NOT NULL,
  display_name         VARCHAR(64)  NOT NULL,
  role                 VARCHAR(16)  NOT NULL,
  org_id               BIGINT       NOT NULL,
  enabled              BOOLEAN      NOT NULL DEFAULT TRUE,
  must_change_password BOOLEAN      NOT NULL DEFAULT FALSE,
  failed_logins        INT          NOT NULL DEFAULT 0,
  locked_until         DATETIME(3)  NULL,
  wx_openid            VARCHAR(64)  NULL,
  created_at           DATETIME(3)  NOT NULL,
  password_changed_at  DATETIME(3)  NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_staff_user_username UNIQUE (username)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_staff_user_org ON staff_user (org_id, role);

-- The last passwords of each user, so none of the last five is used again.
CREATE TABLE staff_password_history (
  id            BIGINT       NOT NULL AUTO_INCREMENT,
  user_id       BIGINT       NOT NULL,
  password_hash VARCHAR(100) NOT NULL,
  created_at    DATETIME(3)  NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_staff_password_history_user ON staff_password_history (user_id, id);

-- Append-only audit trail. Each record's hash covers its content and the previous record's hash,
-- so an edited or deleted row breaks the chain. audit_head serialises appends.
CREATE TABLE audit_log (
  id          BIGINT        NOT NULL AUTO_INCREMENT,
  at          DATETIME(3)   NOT NULL,
  actor       VARCHAR(64)   NOT NULL,
  actor_role  VARCHAR(16)   NULL,
  org_path    VARCHAR(255)  NOT NULL,
  action      VARCHAR(64)   NOT NULL,
  target_type VARCHAR(32)   NULL,
  target_id   VARCHAR(64)   NULL,
  detail      VARCHAR(1000) NULL,
  ip          VARCHAR(64)   NULL,
  prev_hash   CHAR(64)      NOT NULL,
  hash        CHAR(64)      NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_audit_log_path ON audit_log (org_path, id);
CREATE INDEX idx_audit_log_at ON audit_log (at);

CREATE TABLE audit_head (
  id        INT      NOT NULL,
  last_id   BIGINT   NOT NULL,
  last_hash CHAR(64) NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
