-- Nothing reads wx_inbound by status, and the index cost two B-tree writes per message (one at
-- insert, one more when the row is marked handled). Failed messages are rare and found by time.
DROP INDEX idx_wx_inbound_status ON wx_inbound;
