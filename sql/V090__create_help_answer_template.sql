-- 常用语: answers an org's informants reuse, with placeholders such as {编号} filled in for the case
-- at hand. org_path is copied from org_unit so "templates of my subtree" is one prefix scan and
-- "templates of this case's org and the orgs above it" is one IN over the path's prefixes.
CREATE TABLE help_answer_template (
  id         BIGINT        NOT NULL AUTO_INCREMENT,
  org_id     BIGINT        NOT NULL,
  org_path   VARCHAR(255)  NOT NULL,
  title      VARCHAR(50)   NOT NULL,
  content    VARCHAR(1000) NOT NULL,
  updated_by VARCHAR(64)   NOT NULL,
  created_at DATETIME(3)   NOT NULL,
  updated_at DATETIME(3)   NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_help_answer_template_title UNIQUE (org_id, title)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_help_answer_template_path ON help_answer_template (org_path);
