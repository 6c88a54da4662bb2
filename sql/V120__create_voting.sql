-- 最美职工 voting. A campaign belongs to an org (admins of its subtree manage it); candidates carry
-- the number workers vote with. vote_ledger is the durable record of every vote: Redis counts
-- live, and the counts are rebuilt from this table whenever Redis has lost them.
CREATE TABLE vote_campaign (
  id                    BIGINT        NOT NULL AUTO_INCREMENT,
  org_id                BIGINT        NOT NULL,
  org_path              VARCHAR(255)  NOT NULL,
  title                 VARCHAR(128)  NOT NULL,
  description           VARCHAR(2000) NULL,
  start_at              DATETIME(3)   NOT NULL,
  end_at                DATETIME(3)   NOT NULL,
  votes_per_day         INT           NOT NULL,
  votes_per_candidate   INT           NOT NULL,
  members_only          TINYINT(1)    NOT NULL DEFAULT 0,
  burst_per_minute      INT           NOT NULL,
  status                VARCHAR(16)   NOT NULL,
  created_at            DATETIME(3)   NOT NULL,
  closed_at             DATETIME(3)   NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_vote_campaign_org_path ON vote_campaign (org_path, id);
CREATE INDEX idx_vote_campaign_status ON vote_campaign (status, end_at);

CREATE TABLE vote_candidate (
  id           BIGINT        NOT NULL AUTO_INCREMENT,
  campaign_id  BIGINT        NOT NULL,
  number       INT           NOT NULL,
  name         VARCHAR(64)   NOT NULL,
  unit         VARCHAR(128)  NULL,
  photo_url    VARCHAR(1024) NULL,
  story        VARCHAR(4000) NULL,
  created_at   DATETIME(3)   NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_vote_candidate_number UNIQUE (campaign_id, number)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- voter is a keyed hash of the openid (never the openid itself). source names the request that
-- cast the vote (a WeChat message's inbound id, or the H5 page's idempotency key), so a retry of
-- the same request finds its vote; seq numbers a voter's votes for one candidate on one day.
CREATE TABLE vote_ledger (
  id            BIGINT       NOT NULL AUTO_INCREMENT,
  campaign_id   BIGINT       NOT NULL,
  voter         CHAR(64)     NOT NULL,
  candidate_id  BIGINT       NOT NULL,
  vote_day      DATE         NOT NULL,
  seq           INT          NOT NULL,
  source        VARCHAR(80)  NOT NULL,
  channel       VARCHAR(8)   NOT NULL,
  client_ip     VARCHAR(45)  NULL,
  flagged       TINYINT(1)   NOT NULL DEFAULT 0,
  flag_reason   VARCHAR(32)  NULL,
  review        VARCHAR(16)  NULL,
  cast_at       DATETIME(3)  NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_vote_ledger_seq UNIQUE (campaign_id, voter, candidate_id, vote_day, seq),
  CONSTRAINT uk_vote_ledger_source UNIQUE (campaign_id, voter, source)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_vote_ledger_count ON vote_ledger (campaign_id, candidate_id, flagged);
CREATE INDEX idx_vote_ledger_day ON vote_ledger (campaign_id, vote_day);

-- The results as they stood when the campaign was closed; a closed campaign answers from here.
CREATE TABLE vote_result (
  campaign_id   BIGINT  NOT NULL,
  candidate_id  BIGINT  NOT NULL,
  votes         BIGINT  NOT NULL,
  flagged       BIGINT  NOT NULL,
  PRIMARY KEY (campaign_id, candidate_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
