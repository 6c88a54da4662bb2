-- Customer-service messages that WeChat accepted, per worker: with the worker's last message and
-- interaction (wx_inbound) they tell whether the 48-hour / 1-minute window still has quota, so a
-- reply goes straight to the template message instead of knocking on a closed window.
CREATE TABLE wx_custom_send (
  id      BIGINT      NOT NULL AUTO_INCREMENT,
  openid  VARCHAR(64) NOT NULL,
  sent_at DATETIME(3) NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX idx_wx_custom_send_openid ON wx_custom_send (openid, sent_at);
