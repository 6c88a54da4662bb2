-- 扫码入会: enrollment posters (QR codes), scans, applications and the legal-person register.
-- Personal numbers are stored as in member: encrypted (AES-GCM, DATA_KEY) with a keyed hash beside.

-- A poster's QR code. The scene string is what WeChat hands back when the code is scanned; it maps
-- to the org the poster belongs to. Temporary codes expire (expires_at), permanent ones never do.
CREATE TABLE enroll_qrcode (
  id          BIGINT       NOT NULL AUTO_INCREMENT,
  scene_str   VARCHAR(64)  NOT NULL,
  org_id      BIGINT       NOT NULL,
  org_path    VARCHAR(255) NOT NULL,
  label       VARCHAR(64)  NOT NULL,
  permanent   BOOLEAN      NOT NULL,
  ticket      VARCHAR(255) NULL,
  url         VARCHAR(255) NULL,
  expires_at  DATETIME(3)  NULL,
  created_by  VARCHAR(64)  NOT NULL,
  created_at  DATETIME(3)  NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_enroll_qrcode_scene UNIQUE (scene_str)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_enroll_qrcode_org ON enroll_qrcode (org_path, id);

-- WeChat allows 100,000 permanent codes per account, ever: one counter row, raised with
-- "used < max_codes" in the same transaction that records the code.
CREATE TABLE enroll_qr_quota (
  id         INT NOT NULL,
  used       INT NOT NULL,
  max_codes  INT NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO enroll_qr_quota (id, used, max_codes) VALUES (1, 0, 100000);

-- One row per scan event (the inbound message's id is unique, so a retried event counts once).
CREATE TABLE enroll_scan (
  id          BIGINT      NOT NULL AUTO_INCREMENT,
  inbound_id  BIGINT      NOT NULL,
  qrcode_id   BIGINT      NOT NULL,
  scanned_at  DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_enroll_scan_inbound UNIQUE (inbound_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_enroll_scan_qrcode ON enroll_scan (qrcode_id);

-- An application. open_key holds the openid while the application is open (DRAFT or SUBMITTED), so
-- a worker has at most one; pending_hash holds the ID number's hash while SUBMITTED, so a person has
-- at most one application under review. Both are NULL once decided (many NULLs are allowed).
CREATE TABLE enrollment (
  id                BIGINT       NOT NULL AUTO_INCREMENT,
  openid            VARCHAR(64)  NOT NULL,
  open_key          VARCHAR(64)  NULL,
  status            VARCHAR(16)  NOT NULL,
  step              VARCHAR(16)  NULL,
  qrcode_id         BIGINT       NOT NULL,
  poster_org_id     BIGINT       NOT NULL,
  name              VARCHAR(64)  NULL,
  id_number_enc     VARCHAR(255) NULL,
  id_number_hash    CHAR(64)     NULL,
  pending_hash      CHAR(64)     NULL,
  mobile_enc        VARCHAR(255) NULL,
  employer_name     VARCHAR(128) NULL,
  credit_code       VARCHAR(18)  NULL,
  credit_code_warning BOOLEAN    NOT NULL DEFAULT FALSE,
  target_org_id     BIGINT       NULL,
  target_org_path   VARCHAR(255) NULL,
  union_building    BOOLEAN      NOT NULL DEFAULT FALSE,
  submitted_at      DATETIME(3)  NULL,
  due_date          DATE         NULL,
  decided_at        DATETIME(3)  NULL,
  decided_by        VARCHAR(64)  NULL,
  reason            VARCHAR(200) NULL,
  member_id         BIGINT       NULL,
  member_number     VARCHAR(32)  NULL,
  created_at        DATETIME(3)  NOT NULL,
  updated_at        DATETIME(3)  NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_enrollment_open UNIQUE (open_key),
  CONSTRAINT uk_enrollment_pending UNIQUE (pending_hash)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_enrollment_target ON enrollment (target_org_path, status, id);
CREATE INDEX idx_enrollment_qrcode ON enrollment (qrcode_id, status);
CREATE INDEX idx_enrollment_openid ON enrollment (openid, id);

-- 企业法人库: employers by unified social credit code, whether they have a union and which org it is.
CREATE TABLE enroll_employer (
  id            BIGINT       NOT NULL AUTO_INCREMENT,
  credit_code   VARCHAR(18)  NOT NULL,
  name          VARCHAR(128) NOT NULL,
  address       VARCHAR(255) NULL,
  region_code   VARCHAR(6)   NOT NULL,
  has_union     BOOLEAN      NOT NULL,
  union_org_id  BIGINT       NULL,
  import_id     BIGINT       NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_enroll_employer_code UNIQUE (credit_code)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_enroll_employer_name ON enroll_employer (name);
CREATE INDEX idx_enroll_employer_region ON enroll_employer (region_code, name);

-- One register import: its progress while it runs and, when it failed, the bad lines.
CREATE TABLE enroll_register_import (
  id          BIGINT       NOT NULL AUTO_INCREMENT,
  status      VARCHAR(16)  NOT NULL,
  rows_read   INT          NOT NULL DEFAULT 0,
  rows_saved  INT          NOT NULL DEFAULT 0,
  errors      TEXT         NULL,
  created_by  VARCHAR(64)  NOT NULL,
  created_at  DATETIME(3)  NOT NULL,
  finished_at DATETIME(3)  NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
