-- Adaptive conformal intervals (issue 12): per model version, the interval half-widths per horizon
-- step that its issued forecasts use, adapted online from reconciled errors. `state` is the core's
-- JSON `AdaptiveConformalState` (src/forecast/evaluation/adaptive-conformal.ts): the newest absolute
-- residuals per model step and the adapted miss rates; `q80`/`q95` are its current half-widths (JSON
-- arrays indexed like the model's forecast, null where a step has too few scores), kept beside it so
-- the cycle's shard reads two small arrays instead of recomputing quantiles. `applied_until` is the
-- nominal time of the newest reconciliation applied (records reconciled later are applied next).
-- Seeded at registration from the calibration residuals; a version registered before this table
-- starts empty and serves its own intervals until its steps have scores. No foreign key, like the
-- other per-series state tables.
CREATE TABLE interval_state (
  model_version_id  BIGINT UNSIGNED NOT NULL,
  series_id         BIGINT UNSIGNED NOT NULL,
  applied_until     DATETIME(3)     NULL COMMENT 'UTC, reconciled_at of the newest records applied; NULL when only seeded',
  state             MEDIUMTEXT      NOT NULL,
  q80               TEXT            NOT NULL COMMENT 'JSON array of half-widths per model step',
  q95               TEXT            NOT NULL COMMENT 'JSON array of half-widths per model step',
  updated_at        DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (model_version_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
