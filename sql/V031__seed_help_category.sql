-- The categories a worker picks from, in the order they are listed.
INSERT INTO help_category (name, sort_order, enabled) VALUES ('法律援助', 1, TRUE);
INSERT INTO help_category (name, sort_order, enabled) VALUES ('困难帮扶', 2, TRUE);
INSERT INTO help_category (name, sort_order, enabled) VALUES ('劳动争议', 3, TRUE);
INSERT INTO help_category (name, sort_order, enabled) VALUES ('工资拖欠', 4, TRUE);
INSERT INTO help_category (name, sort_order, enabled) VALUES ('工伤维权', 5, TRUE);
INSERT INTO help_category (name, sort_order, enabled) VALUES ('其他', 6, TRUE);
