-- Series: one row per metric stream and granularity. The natural key is a hash of the
-- canonical identity so re-ingesting never creates a second row for the same stream.
CREATE TABLE series (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  natural_key   CHAR(64)        NOT NULL COMMENT 'sha256 of canonical (source, namespace, metric, dimensions, granularity)',
  name          VARCHAR(512)    NOT NULL COMMENT 'human-readable: namespace/metric/host@granularity',
  source        VARCHAR(32)     NOT NULL,
  namespace     VARCHAR(255)    NOT NULL,
  metric        VARCHAR(255)    NOT NULL,
  dimensions    JSON            NOT NULL,
  host          VARCHAR(255)    NOT NULL,
  site          VARCHAR(64)     NOT NULL DEFAULT '',
  unit          VARCHAR(32)     NOT NULL DEFAULT '',
  granularity   ENUM('5m','1h') NOT NULL,
  step_seconds  INT UNSIGNED    NOT NULL,
  active        TINYINT(1)      NOT NULL DEFAULT 1,
  created_at    DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at    DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_series_natural_key (natural_key),
  KEY ix_series_host (host, granularity),
  KEY ix_series_metric (namespace, metric, granularity)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Observations: one row per series and timestamp; every write is an upsert.
-- Hourly rows carry the max and the count of 5-minute samples behind the mean in `value`.
-- `revision` counts changes of value, so a revised datum is visible to reconciliation.
-- No foreign key: the table is meant to be partitioned by time, which MariaDB forbids with FKs.
CREATE TABLE observations (
  series_id     BIGINT UNSIGNED NOT NULL,
  ts            DATETIME        NOT NULL COMMENT 'UTC',
  value         DOUBLE          NOT NULL,
  value_max     DOUBLE          NULL,
  sample_count  SMALLINT UNSIGNED NULL,
  revision      INT UNSIGNED    NOT NULL DEFAULT 0,
  updated_at    DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (series_id, ts),
  KEY ix_observations_ts (ts)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
