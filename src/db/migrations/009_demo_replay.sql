-- The demo's replay source (setting demo.replay): the bundled series, shifted to the present and fed
-- to the hourly cycle as their shifted times pass. Only the start is stored; every shift derives
-- from it (whole weeks per series, see src/ingest/replay.ts), so the worker, the CLI and a worker
-- restarted next week all replay the same points at the same times. At most one row.
CREATE TABLE demo_replay (
  id               TINYINT UNSIGNED  NOT NULL DEFAULT 1,
  anchor_at        DATETIME          NOT NULL COMMENT 'UTC hour the demo started; history before it was ingested at once',
  hold_back_hours  SMALLINT UNSIGNED NOT NULL COMMENT 'each series ends at least this long after anchor_at before its replay starts over',
  history_days     SMALLINT UNSIGNED NOT NULL COMMENT 'days of shifted history ingested at the start',
  created_at       DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  CONSTRAINT ck_demo_replay_one_row CHECK (id = 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
