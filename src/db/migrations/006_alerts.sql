-- Alerts: limits people set, the alerts the forecast cycle opens and resolves against them, and the
-- outbox of e-mail notifications. Every time written here is a nominal (cycle) time, UTC, never the
-- database clock, so a retried or repeated cycle writes the same rows.

-- A limit applies to one series (series_id) or to every series whose metric name matches a pattern
-- (metric_pattern, `*` as wildcard, case-insensitive); exactly one of the two is set. `basis` says
-- which forecast value is compared: the point or a band edge. One limit per (scope, direction, basis):
-- setting it again updates it in place.
CREATE TABLE alert_limits (
  id                BIGINT UNSIGNED   NOT NULL AUTO_INCREMENT,
  series_id         BIGINT UNSIGNED   NULL,
  metric_pattern    VARCHAR(255)      NULL,
  scope_key         VARCHAR(300)      AS (IF(series_id IS NULL, CONCAT('metric:', LOWER(metric_pattern)),
                                           CONCAT('series:', series_id))) STORED,
  threshold         DOUBLE            NOT NULL,
  direction         ENUM('above','below') NOT NULL,
  basis             ENUM('point','upper80','upper95','lower80','lower95') NOT NULL DEFAULT 'upper95',
  also_actuals      TINYINT(1)        NOT NULL DEFAULT 1 COMMENT 'also check the newest observation',
  cooldown_minutes  INT UNSIGNED      NOT NULL DEFAULT 60 COMMENT 'quiet time after a resolve before re-opening',
  enabled           TINYINT(1)        NOT NULL DEFAULT 1,
  created_at        DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at        DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_alert_limits_scope (scope_key, direction, basis),
  KEY ix_alert_limits_series (series_id),
  CONSTRAINT ck_alert_limits_scope CHECK ((series_id IS NULL) <> (metric_pattern IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per alert episode of (series, limit, source). `open_slot` is 1 while open and NULL once
-- resolved, so the unique key allows one open alert per key and any number of resolved ones; a
-- retried evaluation of the same cycle meets uq_alerts_opened and opens nothing new. No foreign keys:
-- a deleted limit's alerts stay as history (the next evaluation resolves any still open).
CREATE TABLE alerts (
  id                BIGINT UNSIGNED   NOT NULL AUTO_INCREMENT,
  series_id         BIGINT UNSIGNED   NOT NULL,
  limit_id          BIGINT UNSIGNED   NOT NULL,
  source            ENUM('forecast','actual') NOT NULL,
  state             ENUM('open','resolved') NOT NULL,
  open_slot         TINYINT           AS (IF(state = 'open', 1, NULL)) STORED,
  opened_at         DATETIME(3)       NOT NULL COMMENT 'nominal time of the cycle that opened it',
  last_seen_at      DATETIME(3)       NOT NULL COMMENT 'nominal time of the last cycle that saw the crossing',
  resolved_at       DATETIME(3)       NULL COMMENT 'nominal time of the cycle that found it clear',
  crossing_at       DATETIME(3)       NOT NULL COMMENT 'first target time at or over the limit (actual: observation time)',
  lead_minutes      INT               NULL COMMENT 'crossing_at - cycle time; NULL for actuals',
  value             DOUBLE            NOT NULL COMMENT 'the compared value at crossing_at',
  threshold         DOUBLE            NOT NULL COMMENT 'the limit when last seen',
  message           VARCHAR(1000)     NOT NULL,
  created_at        DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at        DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_alerts_open (series_id, limit_id, source, open_slot),
  UNIQUE KEY uq_alerts_opened (series_id, limit_id, source, opened_at),
  KEY ix_alerts_state (state, opened_at),
  KEY ix_alerts_limit (limit_id, state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The e-mail outbox: one row per alert event (opened or resolved), written in the same transaction
-- as the alert change, with what the mail says about it (the alert row itself moves on). Delivery claims rows into a mail (`mail_key`, which also gives the mail its
-- Message-ID): one mail per row when mailing at once, one digest per interval otherwise. A claimed
-- mail is frozen, sent, then its rows are marked sent; a mail the SMTP server refused stays claimed
-- and is sent again, with the same Message-ID and content, by the next attempt.
CREATE TABLE alert_notifications (
  id                BIGINT UNSIGNED   NOT NULL AUTO_INCREMENT,
  alert_id          BIGINT UNSIGNED   NOT NULL,
  event             ENUM('opened','resolved') NOT NULL,
  series_id         BIGINT UNSIGNED   NOT NULL,
  event_at          DATETIME(3)       NOT NULL COMMENT 'nominal time of the cycle that caused it',
  message           VARCHAR(1000)     NOT NULL,
  threshold         DOUBLE            NULL COMMENT 'the limit, drawn on the plot',
  mail_key          VARCHAR(128)      NULL COMMENT 'the mail it was claimed into; NULL while queued',
  claimed_for       DATETIME(3)       NULL COMMENT 'nominal time of the delivery that claimed it',
  sent_at           DATETIME(3)       NULL COMMENT 'nominal time of the delivery that sent it',
  attempts          INT UNSIGNED      NOT NULL DEFAULT 0 COMMENT 'send attempts of its mail',
  last_error        VARCHAR(1000)     NULL,
  created_at        DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at        DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_alert_notifications_event (alert_id, event),
  KEY ix_alert_notifications_mail (mail_key, sent_at),
  KEY ix_alert_notifications_pending (sent_at, mail_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
