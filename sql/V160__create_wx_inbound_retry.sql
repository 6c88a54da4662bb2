-- A message whose handling failed because Redis or the database did not answer is handled once
-- more when they answer again. This row, written before that try, makes it happen once across
-- every node; the message's outcome is then replaced by the try's.
CREATE TABLE wx_inbound_retry (
  inbound_id  BIGINT      NOT NULL,
  retried_at  DATETIME(3) NOT NULL,
  PRIMARY KEY (inbound_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
