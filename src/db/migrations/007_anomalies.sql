-- Anomalies: one row per (series, detector, point in time) a detector flagged, written by the
-- detectAnomalies activity with INSERT ... ON DUPLICATE KEY UPDATE, so a repeated or overlapping run
-- adds nothing. `detector` names the method (band95 | changepoint | outlier | extreme | vote; lstm is
-- reserved); `score` is in that detector's own units (above its threshold), `value` the observation.
-- `detected_at` is the nominal time (asOf) of the run that first flagged the point: kept on re-runs.
-- Times are UTC on the series' own grid. No foreign key, so the table can be partitioned by time.
CREATE TABLE anomalies (
  series_id    BIGINT UNSIGNED NOT NULL,
  ts           DATETIME        NOT NULL COMMENT 'UTC, the observation flagged',
  detector     VARCHAR(32)     NOT NULL,
  score        DOUBLE          NOT NULL,
  value        DOUBLE          NOT NULL,
  detected_at  DATETIME(3)     NOT NULL COMMENT 'UTC, nominal time of the run that first flagged it',
  PRIMARY KEY (series_id, detector, ts),
  KEY ix_anomalies_series_ts (series_id, ts),
  KEY ix_anomalies_ts (ts)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
