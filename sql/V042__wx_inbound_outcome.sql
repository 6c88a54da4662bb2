-- What became of an inbound message (HANDLED with the passive reply, or FAILED with the error) is
-- its own row, written once, instead of an UPDATE of the logged message: wx_inbound stays the
-- message as received, append-only, and the per-message write after handling touches one primary
-- key instead of rewriting a row of four indexes. A message without an outcome was received and
-- not (yet) handled.
CREATE TABLE wx_inbound_outcome (
  inbound_id  BIGINT      NOT NULL,
  status      VARCHAR(16) NOT NULL,
  reply       TEXT        NULL,
  error       VARCHAR(500) NULL,
  handled_at  DATETIME(3) NOT NULL,
  PRIMARY KEY (inbound_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO wx_inbound_outcome (inbound_id, status, reply, error, handled_at)
SELECT id, status, reply, error, handled_at FROM wx_inbound WHERE status <> 'RECEIVED' AND handled_at IS NOT NULL;

ALTER TABLE wx_inbound DROP COLUMN status;
ALTER TABLE wx_inbound DROP COLUMN reply;
ALTER TABLE wx_inbound DROP COLUMN error;
ALTER TABLE wx_inbound DROP COLUMN handled_at;
