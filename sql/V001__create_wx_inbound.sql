-- Every message or event WeChat delivers, persisted before it is handled.
-- dedupe_key: 'm:<MsgId>' for messages, 'e:<FromUserName>:<CreateTime>:<Event>:<EventKey>' for events.
-- request_key: '<timestamp>:<nonce>' of the signed request; a replay of the same request is a duplicate.
CREATE TABLE wx_inbound (
  id           BIGINT       NOT NULL AUTO_INCREMENT,
  dedupe_key   VARCHAR(191) NOT NULL,
  request_key  VARCHAR(191) NOT NULL,
  openid       VARCHAR(64)  NOT NULL,
  msg_type     VARCHAR(32)  NOT NULL,
  event        VARCHAR(64)  NULL,
  event_key    VARCHAR(191) NULL,
  content      VARCHAR(2048) NULL,
  media_id     VARCHAR(191) NULL,
  payload      TEXT         NOT NULL,
  sent_at      DATETIME(3)  NULL,
  received_at  DATETIME(3)  NOT NULL,
  status       VARCHAR(16)  NOT NULL,
  reply        TEXT         NULL,
  error        VARCHAR(500) NULL,
  handled_at   DATETIME(3)  NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_wx_inbound_dedupe UNIQUE (dedupe_key),
  CONSTRAINT uk_wx_inbound_request UNIQUE (request_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_wx_inbound_openid ON wx_inbound (openid, received_at);
CREATE INDEX idx_wx_inbound_status ON wx_inbound (status, received_at);
