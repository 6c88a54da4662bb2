-- The KPI summary's own progress mark (the last timeline entry it has counted). It was kept as the
-- row KPI_EVENTS of sla_sweep_mark, a table of reply tracking; statistics now own theirs.
CREATE TABLE kpi_refresh_mark (
  name    VARCHAR(32) NOT NULL,
  mark_at DATETIME(3) NOT NULL,
  mark_id BIGINT      NOT NULL,
  PRIMARY KEY (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO kpi_refresh_mark (name, mark_at, mark_id)
  SELECT name, mark_at, mark_id FROM sla_sweep_mark WHERE name = 'KPI_EVENTS';

DELETE FROM sla_sweep_mark WHERE name = 'KPI_EVENTS';
