-- Union members. ID numbers and phones are stored encrypted (AES-GCM, DATA_KEY) with a keyed hash
-- (HMAC) beside them for lookups and uniqueness; the clear values are never stored.
CREATE TABLE member (
  id             BIGINT       NOT NULL AUTO_INCREMENT,
  openid         VARCHAR(64)  NULL,
  name           VARCHAR(64)  NOT NULL,
  id_number_enc  VARCHAR(255) NOT NULL,
  id_number_hash CHAR(64)     NOT NULL,
  mobile_enc     VARCHAR(255) NULL,
  mobile_hash    CHAR(64)     NULL,
  employer       VARCHAR(128) NULL,
  org_id         BIGINT       NOT NULL,
  org_path       VARCHAR(255) NOT NULL,
  created_at     DATETIME(3)  NOT NULL,
  updated_at     DATETIME(3)  NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_member_id_number UNIQUE (id_number_hash),
  CONSTRAINT uk_member_openid UNIQUE (openid)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_member_org_path ON member (org_path, id);
CREATE INDEX idx_member_mobile ON member (mobile_hash);
