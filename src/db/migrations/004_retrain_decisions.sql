-- Retrain decisions: one row per retrain request, written by RetrainWorkflow when it starts
-- ('running') and updated when it ends ('promoted', 'kept' or 'failed'), so people (and the
-- monitoring's cooldown) can see who retrained what, why, and what came of it.
-- The workflow id (`retrain/<series>`) is reused by every retrain of a series, so the row is keyed
-- by it together with the request's attempt key (the nominal time of the request): a retried
-- activity or a replayed workflow upserts the same row, a later retrain adds a new one.
-- Times are nominal (workflow) times, UTC, never the database clock: the cooldown compares them
-- with the monitoring's `asOf`. No foreign keys to model versions: versions are only referenced.
CREATE TABLE retrain_decisions (
  id                    BIGINT UNSIGNED   NOT NULL AUTO_INCREMENT,
  series_id             BIGINT UNSIGNED   NOT NULL,
  workflow_id           VARCHAR(255)      NOT NULL,
  attempt_key           VARCHAR(64)       NOT NULL COMMENT 'nominal time of the request, ISO-8601',
  reason                VARCHAR(32)       NOT NULL COMMENT 'threshold | forced',
  trigger_metrics       JSON              NOT NULL COMMENT 'what triggered it: breached metrics, or the forced request',
  status                ENUM('running','promoted','kept','failed') NOT NULL,
  selected_kind         VARCHAR(32)       NULL COMMENT 'model kind of the challenger',
  challenger_version_id BIGINT UNSIGNED   NULL,
  champion_before_id    BIGINT UNSIGNED   NULL,
  champion_after_id     BIGINT UNSIGNED   NULL,
  explanation           TEXT              NULL COMMENT 'why promoted or kept, or the error',
  started_at            DATETIME(3)       NOT NULL COMMENT 'UTC, nominal time the retrain was requested for',
  finished_at           DATETIME(3)       NULL COMMENT 'UTC, workflow time the decision was made',
  created_at            DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at            DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_retrain_decisions_attempt (workflow_id, attempt_key),
  KEY ix_retrain_decisions_series (series_id, started_at),
  KEY ix_retrain_decisions_status (status, series_id),
  CONSTRAINT fk_retrain_decisions_series FOREIGN KEY (series_id) REFERENCES series (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- ReconcileWindowWorkflow re-checks the records of one issue hour across every series until each
-- has its actual; without this index each check would scan the whole forecasts table. It carries
-- what the check counts (status, close time), so the count never reads the rows.
ALTER TABLE forecasts ADD KEY ix_forecasts_issued (issued_at, reconcile_status, closes_at, series_id);
