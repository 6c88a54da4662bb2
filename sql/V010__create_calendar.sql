-- The working-day calendar: only the days that differ from the Mon-Fri week are stored.
-- A HOLIDAY row makes a weekday a rest day (法定节假日); a WORKDAY row makes a weekend day a working
-- day (调休上班). Any day without a row follows Mon-Fri work, Sat-Sun rest.
-- source: 'OFFICIAL' (the State Council's yearly schedule, seeded by migrations) or 'ADMIN' (edited
-- in the console); an admin edit of an official day turns it into an ADMIN row.
-- The date column is cal_date because DAY is a keyword in H2.
CREATE TABLE calendar_day (
  cal_date    DATE         NOT NULL,
  type        VARCHAR(16)  NOT NULL,
  name        VARCHAR(64)  NULL,
  source      VARCHAR(16)  NOT NULL,
  updated_at  DATETIME(3)  NOT NULL,
  updated_by  VARCHAR(64)  NULL,
  PRIMARY KEY (cal_date),
  CONSTRAINT ck_calendar_day_type CHECK (type IN ('WORKDAY', 'HOLIDAY')),
  CONSTRAINT ck_calendar_day_source CHECK (source IN ('OFFICIAL', 'ADMIN'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
