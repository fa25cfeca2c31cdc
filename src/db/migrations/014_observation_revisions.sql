-- A change log of revised observations, so reconciliation re-scores only the records whose actual
-- changed instead of re-probing every reconciled record of the last 7 days each hour. A trigger
-- writes it, so every write path (file and CloudWatch ingestion, the replay source, the API's
-- external actuals) is covered; one row per observation (series, ts), the newest revision kept.
-- Reconciliation prunes rows older than its lookback. Creating a trigger on a server with binary
-- logging on needs SUPER or log_bin_trust_function_creators = 1 for the migrating user.
CREATE TABLE observation_revisions (
  series_id  BIGINT UNSIGNED NOT NULL,
  ts         DATETIME        NOT NULL COMMENT 'UTC, the revised observation',
  revision   INT UNSIGNED    NOT NULL COMMENT 'observations.revision after the change',
  PRIMARY KEY (series_id, ts),
  KEY ix_observation_revisions_ts (ts)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TRIGGER tr_observations_revised AFTER UPDATE ON observations FOR EACH ROW
  INSERT INTO observation_revisions (series_id, ts, revision)
  SELECT NEW.series_id, NEW.ts, NEW.revision FROM DUAL WHERE NEW.revision <> OLD.revision
  ON DUPLICATE KEY UPDATE revision = VALUES(revision);
