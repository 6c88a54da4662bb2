-- The audit chain becomes keyed: records after legacy_last_id are chained with HMAC-SHA256 under a
-- key derived from DATA_KEY (never stored in the database), so someone who can only edit the
-- database cannot recompute a valid chain. Records up to legacy_last_id were chained with plain
-- SHA-256 before; they stay as they are and the first keyed record covers the last of them.
-- chain_id is drawn at the first start after this migration and enters every keyed hash, so it
-- cannot be changed either; it names the chain's head anchor outside the database.
ALTER TABLE audit_head ADD COLUMN legacy_last_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_head ADD COLUMN chain_id CHAR(36) NULL;
UPDATE audit_head SET legacy_last_id = last_id WHERE id = 1;
