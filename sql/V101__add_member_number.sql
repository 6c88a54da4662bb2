-- A member number for every member who joined through an application (扫码入会), shown on the
-- electronic member card. Members registered by hand before it have none.
ALTER TABLE member ADD COLUMN member_number VARCHAR(32) NULL;
CREATE UNIQUE INDEX uk_member_number ON member (member_number);
