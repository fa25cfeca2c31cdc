-- The anomaly detector's state in its compact binary form (src/anomaly/online-codec.ts): about
-- 4 kB per hourly series instead of 9 kB of JSON, so it stays inside the row rather than on overflow
-- pages, and the cycle reads, decodes and rewrites half the bytes. States stored as JSON keep their
-- bytes and still load (a JSON state starts with `{`, a binary one never does); each is rewritten in
-- the binary form the next time its series is scored. MariaDB copies the table for this change
-- (no in-place type change from TEXT to BLOB): about 9 kB a series once, writes to it wait meanwhile.
ALTER TABLE anomaly_state MODIFY state MEDIUMBLOB NOT NULL;
