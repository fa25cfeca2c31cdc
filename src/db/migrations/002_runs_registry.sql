-- Model registry: every trained model that may serve forecasts, numbered 1, 2, 3... per
-- (series, granularity, horizon). A training run registers at most one version, so a retried
-- registration finds the version it already made (uq_model_versions_run; NULLs never collide).
-- `kind` is a VARCHAR, not an ENUM, so a new model kind needs no migration.
CREATE TABLE model_versions (
  id                 BIGINT UNSIGNED   NOT NULL AUTO_INCREMENT,
  series_id          BIGINT UNSIGNED   NOT NULL,
  granularity        ENUM('5m','1h')   NOT NULL,
  horizon            SMALLINT UNSIGNED NOT NULL COMMENT 'steps',
  kind               VARCHAR(32)       NOT NULL,
  version            INT UNSIGNED      NOT NULL,
  metadata           JSON              NOT NULL COMMENT 'ModelMetadata',
  state              JSON              NOT NULL COMMENT 'model-specific state: scaler, topology, parameters',
  weights            LONGBLOB          NULL,
  weights_bytes      INT UNSIGNED      NOT NULL DEFAULT 0 COMMENT 'so listings never read the blob',
  artifact_sha256    CHAR(64)          NOT NULL COMMENT 'sha256 of metadata JSON, state JSON and weights',
  training_run_id    VARCHAR(255)      NULL,
  validation_metrics JSON              NULL,
  created_at         DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_model_versions_key (series_id, granularity, horizon, version),
  UNIQUE KEY uq_model_versions_run (training_run_id),
  CONSTRAINT fk_model_versions_series FOREIGN KEY (series_id) REFERENCES series (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Experiment tracking: one row per training run (a retrain, a backtest, a search trial).
-- `run_id` is the caller's business id, so recording a retried run overwrites its one row.
CREATE TABLE training_runs (
  id                BIGINT UNSIGNED   NOT NULL AUTO_INCREMENT,
  run_id            VARCHAR(255)      NOT NULL COMMENT 'e.g. retrain/<series>/<reason>/<n> or a UUID',
  series_id         BIGINT UNSIGNED   NOT NULL,
  granularity       ENUM('5m','1h')   NOT NULL,
  horizon           SMALLINT UNSIGNED NOT NULL,
  kind              VARCHAR(32)       NOT NULL,
  hyperparameters   JSON              NOT NULL,
  data_from         DATETIME(3)       NOT NULL COMMENT 'UTC, training window start (inclusive)',
  data_to           DATETIME(3)       NOT NULL COMMENT 'UTC, training window end (exclusive)',
  backend           VARCHAR(64)       NOT NULL,
  library_versions  JSON              NOT NULL,
  status            ENUM('running','succeeded','failed') NOT NULL,
  duration_ms       INT UNSIGNED      NULL,
  fold_metrics      JSON              NULL COMMENT 'array, one metrics object per backtest fold',
  metrics           JSON              NULL COMMENT 'mae, rmse, mape, smape, mase, coverage80, coverage95',
  search_id         VARCHAR(255)      NULL,
  trial             INT UNSIGNED      NULL,
  model_version_id  BIGINT UNSIGNED   NULL,
  error             TEXT              NULL,
  created_at        DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at        DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_training_runs_run_id (run_id),
  KEY ix_training_runs_series (series_id, id),
  KEY ix_training_runs_search (search_id, trial),
  CONSTRAINT fk_training_runs_series FOREIGN KEY (series_id) REFERENCES series (id),
  CONSTRAINT fk_training_runs_version FOREIGN KEY (model_version_id) REFERENCES model_versions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Which version serves as champion (forecasts) or challenger (shadow evaluation) per key.
CREATE TABLE model_aliases (
  series_id         BIGINT UNSIGNED   NOT NULL,
  granularity       ENUM('5m','1h')   NOT NULL,
  horizon           SMALLINT UNSIGNED NOT NULL,
  alias             ENUM('champion','challenger') NOT NULL,
  model_version_id  BIGINT UNSIGNED   NOT NULL,
  updated_at        DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (series_id, granularity, horizon, alias),
  CONSTRAINT fk_model_aliases_version FOREIGN KEY (model_version_id) REFERENCES model_versions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every alias move, append-only: rollback reads it to find the previous champion, people read it
-- to see who decided what and why. A NULL `to_version_id` means the alias was cleared.
CREATE TABLE model_alias_history (
  id                BIGINT UNSIGNED   NOT NULL AUTO_INCREMENT,
  series_id         BIGINT UNSIGNED   NOT NULL,
  granularity       ENUM('5m','1h')   NOT NULL,
  horizon           SMALLINT UNSIGNED NOT NULL,
  alias             ENUM('champion','challenger') NOT NULL,
  from_version_id   BIGINT UNSIGNED   NULL,
  to_version_id     BIGINT UNSIGNED   NULL,
  action            ENUM('promote','rollback','set') NOT NULL,
  reason            VARCHAR(1000)     NOT NULL,
  at                DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY ix_model_alias_history_key (series_id, granularity, horizon, alias, id),
  CONSTRAINT fk_model_alias_history_from FOREIGN KEY (from_version_id) REFERENCES model_versions (id),
  CONSTRAINT fk_model_alias_history_to FOREIGN KEY (to_version_id) REFERENCES model_versions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
