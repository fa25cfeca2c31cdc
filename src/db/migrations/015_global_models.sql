-- The global model (issue 12): ONE tfjs network per granularity and horizon, trained across that
-- granularity's series, so it belongs to no series and has its own registry and runs. Versions are
-- numbered 1, 2, 3… per (granularity, horizon); an update is warm-started from `parent_version_id`
-- (a full refit has none), and `full_refit_at` is the data end of the newest full refit in the
-- version's lineage, so the schedule of full refits reads one row. A run registers at most one
-- version (uq_global_model_versions_run), so a retried update finds the version it already made.
CREATE TABLE global_model_versions (
  id                 BIGINT UNSIGNED   NOT NULL AUTO_INCREMENT,
  granularity        ENUM('5m','1h')   NOT NULL,
  horizon            SMALLINT UNSIGNED NOT NULL COMMENT 'issued steps, as model_versions.horizon',
  version            INT UNSIGNED      NOT NULL,
  refit              ENUM('full','update') NOT NULL,
  parent_version_id  BIGINT UNSIGNED   NULL COMMENT 'the version an update was warm-started from',
  full_refit_at      DATETIME(3)       NOT NULL COMMENT 'UTC, data end of the lineage''s newest full refit',
  data_to            DATETIME(3)       NOT NULL COMMENT 'UTC, end of the data trained on (exclusive)',
  metadata           JSON              NOT NULL COMMENT 'ModelMetadata',
  state              JSON              NOT NULL COMMENT 'GlobalState: feature spec, shape, topology',
  weights            LONGBLOB          NOT NULL,
  weights_bytes      INT UNSIGNED      NOT NULL,
  artifact_sha256    CHAR(64)          NOT NULL COMMENT 'sha256 of metadata JSON, state JSON and weights',
  training_run_id    VARCHAR(255)      NOT NULL,
  created_at         DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_global_model_versions_key (granularity, horizon, version),
  UNIQUE KEY uq_global_model_versions_run (training_run_id),
  CONSTRAINT fk_global_model_versions_parent FOREIGN KEY (parent_version_id) REFERENCES global_model_versions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per training of the global model, as training_runs is per series: `run_id` is the
-- caller's business id (`global/<granularity>/<hour>`), so recording a retried run overwrites it.
CREATE TABLE global_training_runs (
  id                 BIGINT UNSIGNED   NOT NULL AUTO_INCREMENT,
  run_id             VARCHAR(255)      NOT NULL,
  granularity        ENUM('5m','1h')   NOT NULL,
  horizon            SMALLINT UNSIGNED NOT NULL,
  refit              ENUM('full','update') NOT NULL,
  parent_version_id  BIGINT UNSIGNED   NULL COMMENT 'warm start: the version whose weights were copied',
  reason             VARCHAR(1000)     NOT NULL COMMENT 'why this refit: first model, schedule, breach, update',
  hyperparameters    JSON              NOT NULL,
  data_from          DATETIME(3)       NOT NULL,
  data_to            DATETIME(3)       NOT NULL,
  backend            VARCHAR(64)       NOT NULL,
  library_versions   JSON              NOT NULL,
  status             ENUM('running','succeeded','failed') NOT NULL,
  duration_ms        INT UNSIGNED      NULL,
  training_loss      DOUBLE            NULL COMMENT 'mean pinball loss of the kept epoch',
  global_version_id  BIGINT UNSIGNED   NULL,
  error              TEXT              NULL,
  created_at         DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at         DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_global_training_runs_run_id (run_id),
  CONSTRAINT fk_global_training_runs_parent FOREIGN KEY (parent_version_id) REFERENCES global_model_versions (id),
  CONSTRAINT fk_global_training_runs_version FOREIGN KEY (global_version_id) REFERENCES global_model_versions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
