-- Time partitions for the two tables that grow with time, so retention drops a whole day at once
-- (DROP PARTITION is a file removal, not millions of DELETEs) and time-ranged reads prune to the
-- days they touch. RANGE COLUMNS on the DATETIME itself: partitions prune on `ts >= ?` directly,
-- and information_schema shows each bound as a readable date the retention run parses.
--
-- MariaDB's two rules for partitioned InnoDB tables hold already: the partitioning column is in
-- every unique key (observations PK (series_id, ts), forecasts PK (..., issued_at, target_at)),
-- and neither table has or is referenced by a foreign key (001 and 003 left them out for this).
--
-- Only the catch-all `pmax` is created here: which days need partitions depends on the data and
-- the clock, which a migration cannot know. The retention run (src/db/retention-repo.ts, daily on
-- the `metricast-retention` Schedule, and once when `metricast schedule ensure` creates it) splits
-- `pmax` into daily partitions `pYYYYMMDD` for every day holding rows plus the days ahead. Rows
-- are rewritten once here (the table is rebuilt), none is lost; inserts never fail, because the
-- lowest partition takes anything older and `pmax` anything newer than the daily ones.
ALTER TABLE observations
  PARTITION BY RANGE COLUMNS (ts) (PARTITION pmax VALUES LESS THAN (MAXVALUE));

ALTER TABLE forecasts
  PARTITION BY RANGE COLUMNS (target_at) (PARTITION pmax VALUES LESS THAN (MAXVALUE));
