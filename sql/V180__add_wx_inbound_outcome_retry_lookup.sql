-- A message whose handling failed because Redis or the database did not answer is handled once more
-- when they answer again, by whichever node looks first, even after the node that saw the failure
-- restarted: the retry sweeps find such outcomes by status and time (FAILED rows are few, so the
-- range read is short), instead of remembering them in one node's memory.
CREATE INDEX idx_wx_inbound_outcome_status ON wx_inbound_outcome (status, handled_at);

-- The message as received, encrypted with the data key, on a failure that will be tried again when
-- the log keeps only a masked copy (a phone or ID number in the text): the retry must see what the
-- worker typed. Erased by the retry, and by the inbound log's retention once no retry will come.
ALTER TABLE wx_inbound_outcome ADD COLUMN payload_enc MEDIUMTEXT NULL;
