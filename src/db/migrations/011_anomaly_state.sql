-- Incremental anomaly detection: what the cycle's detector remembers per series between cycles,
-- so each observation is scored once instead of re-reading a day every hour. `scored_until` is the
-- time of the newest observation already scored (the next run reads only later ones); `state` is
-- the detector's JSON state (src/anomaly/online.ts), rewritten with scored_until in one statement.
-- No foreign key, like the other per-series tables; a deleted series leaves a row nobody reads.
CREATE TABLE anomaly_state (
  series_id     BIGINT UNSIGNED NOT NULL,
  detector      VARCHAR(32)     NOT NULL,
  scored_until  DATETIME        NOT NULL COMMENT 'UTC, the newest observation scored',
  state         MEDIUMTEXT      NOT NULL,
  updated_at    DATETIME(3)     NOT NULL COMMENT 'UTC, nominal time of the run that wrote it',
  PRIMARY KEY (series_id, detector)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Anomaly mail is opt-in per series: 1 queues a notification for each anomaly the cycle stores.
ALTER TABLE series ADD COLUMN anomaly_mail TINYINT(1) NOT NULL DEFAULT 0
  COMMENT 'mail each detected anomaly (opt-in)';

-- When the anomaly was mailed (nominal time of the delivery); NULL while unsent or not mailed.
ALTER TABLE anomalies ADD COLUMN mailed_at DATETIME(3) NULL
  COMMENT 'UTC, nominal time of the delivery that mailed it',
  ADD KEY ix_anomalies_mailed (mailed_at, detector);
