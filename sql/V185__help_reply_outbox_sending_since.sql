-- When the attempt under way began: set when a node claims the row, cleared when it records the
-- outcome. A row whose lease ran out with it still set was being sent by a node that stopped
-- mid-send; WeChat may have delivered it, so it becomes UNCERTAIN instead of being sent again.
ALTER TABLE help_reply_outbox ADD COLUMN sending_since DATETIME(3) NULL;
