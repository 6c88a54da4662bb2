-- Each account keeps the path of its org, as cases, posters and the audit trail do (orgs are never
-- moved, so a path does not change). The staff feature lists a subtree's accounts with a prefix
-- query on its own table instead of reading the org tree.
ALTER TABLE staff_user ADD COLUMN org_path VARCHAR(255) NOT NULL DEFAULT '';
UPDATE staff_user SET org_path = COALESCE((SELECT o.path FROM org_unit o WHERE o.id = staff_user.org_id), '');
CREATE INDEX idx_staff_user_path ON staff_user (org_path, id);
