-- Statistics: call detail records, call segments, agent state history, and
-- 15-minute interval aggregates per ACD group and per agent.
-- Written by the durable statistics writer (db/src/statistics, docs/statistics.md).
--
-- Conventions here, and why:
-- * Every row carries tenant_id. No foreign keys: statistics outlive the config
--   rows they name (a deleted agent still has history), and a FK lookup per row
--   would slow the batch insert path and turn a config race into a rejected event.
-- * event_id (UNIQUE) is the idempotency key: the writer inserts with
--   ON DUPLICATE KEY UPDATE event_id = event_id, so a replayed spool segment
--   writes each event exactly once. ascii_bin keeps the index small and exact.
-- * A surrogate AUTO_INCREMENT primary key keeps InnoDB inserts appending at the
--   end of the clustered index (event ids are time-ordered too, so the unique
--   index also grows at its end).
-- * Times are DATETIME(3) in UTC, written by the writer as UTC strings, so no
--   session time zone can shift them.
-- * Domain literals (agent states, events, reasons) are ascii VARCHAR, not ENUM:
--   the ACD domain may grow a state without a migration, and the writer
--   validates what it accepts.

CREATE TABLE stat_call (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  event_id      VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  tenant_id     BIGINT UNSIGNED NOT NULL,
  call_id       VARCHAR(128) NOT NULL,
  direction     VARCHAR(16) CHARACTER SET ascii NOT NULL,
  caller        VARCHAR(128) NULL,
  callee        VARCHAR(128) NULL,
  -- The last ACD group the call was queued in, and the agent who answered it.
  acd_group_id  BIGINT UNSIGNED NULL,
  agent_id      BIGINT UNSIGNED NULL,
  outcome       VARCHAR(32) CHARACTER SET ascii NOT NULL,
  started_at    DATETIME(3) NOT NULL,
  answered_at   DATETIME(3) NULL,
  ended_at      DATETIME(3) NOT NULL,
  -- Totals over the call's segments, so a CDR report needs no join.
  wait_ms       INT UNSIGNED NOT NULL DEFAULT 0,
  talk_ms       INT UNSIGNED NOT NULL DEFAULT 0,
  hold_ms       INT UNSIGNED NOT NULL DEFAULT 0,
  wrap_up_ms    INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uq_stat_call_event (event_id),
  KEY ix_stat_call_call (tenant_id, call_id),
  KEY ix_stat_call_started (tenant_id, started_at)
) ENGINE=InnoDB;

CREATE TABLE stat_call_segment (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  event_id          VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  tenant_id         BIGINT UNSIGNED NOT NULL,
  call_id           VARCHAR(128) NOT NULL,
  -- Order of the segment within its call (0, 1, ...).
  seq               SMALLINT UNSIGNED NOT NULL,
  kind              VARCHAR(16) CHARACTER SET ascii NOT NULL,
  started_at        DATETIME(3) NOT NULL,
  ended_at          DATETIME(3) NOT NULL,
  acd_group_id      BIGINT UNSIGNED NULL,
  agent_id          BIGINT UNSIGNED NULL,
  outcome           VARCHAR(32) CHARACTER SET ascii NULL,
  -- Queue segments: the group's thresholds as they were for this call, so a
  -- later change of the service-level objective does not rewrite history.
  service_level_ms  INT UNSIGNED NULL,
  short_abandon_ms  INT UNSIGNED NULL,
  -- Transfer segments: where the call went.
  transfer_target   VARCHAR(128) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_stat_call_segment_event (event_id),
  KEY ix_stat_call_segment_call (tenant_id, call_id, seq),
  KEY ix_stat_call_segment_started (tenant_id, started_at)
) ENGINE=InnoDB;

-- One row per AgentStateChange (telephony/acd), field for field; `from`/`to`
-- are reserved words in SQL, hence from_state/to_state.
CREATE TABLE stat_agent_state_change (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  event_id      VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  tenant_id     BIGINT UNSIGNED NOT NULL,
  agent_id      BIGINT UNSIGNED NOT NULL,
  from_state    VARCHAR(32) CHARACTER SET ascii NOT NULL,
  from_since    DATETIME(3) NOT NULL,
  to_state      VARCHAR(32) CHARACTER SET ascii NOT NULL,
  at            DATETIME(3) NOT NULL,
  event         VARCHAR(32) CHARACTER SET ascii NOT NULL,
  reason        VARCHAR(32) CHARACTER SET ascii NOT NULL,
  pause_reason  VARCHAR(64) NULL,
  call_id       VARCHAR(128) NULL,
  acd_group_id  BIGINT UNSIGNED NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_stat_agent_state_change_event (event_id),
  KEY ix_stat_agent_state_change_agent (tenant_id, agent_id, at),
  KEY ix_stat_agent_state_change_at (tenant_id, at)
) ENGINE=InnoDB;

-- Recomputed (not incremented) from the rows above by rollUpInterval, so a
-- late event replayed from a spool is counted by simply rolling up again.
CREATE TABLE stat_acd_group_interval (
  tenant_id                   BIGINT UNSIGNED NOT NULL,
  acd_group_id                BIGINT UNSIGNED NOT NULL,
  interval_start              DATETIME NOT NULL,
  queued                      INT UNSIGNED NOT NULL,
  answered                    INT UNSIGNED NOT NULL,
  answered_within_threshold   INT UNSIGNED NOT NULL,
  abandoned                   INT UNSIGNED NOT NULL,
  short_abandoned             INT UNSIGNED NOT NULL,
  overflowed                  INT UNSIGNED NOT NULL,
  timed_out                   INT UNSIGNED NOT NULL,
  answer_wait_ms              BIGINT UNSIGNED NOT NULL,
  abandon_wait_ms             BIGINT UNSIGNED NOT NULL,
  talk_ms                     BIGINT UNSIGNED NOT NULL,
  hold_ms                     BIGINT UNSIGNED NOT NULL,
  wrap_up_ms                  BIGINT UNSIGNED NOT NULL,
  rolled_up_at                TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (tenant_id, interval_start, acd_group_id)
) ENGINE=InnoDB;

CREATE TABLE stat_agent_interval (
  tenant_id        BIGINT UNSIGNED NOT NULL,
  agent_id         BIGINT UNSIGNED NOT NULL,
  interval_start   DATETIME NOT NULL,
  available_ms     BIGINT UNSIGNED NOT NULL,
  offered_ms       BIGINT UNSIGNED NOT NULL,
  on_call_ms       BIGINT UNSIGNED NOT NULL,
  wrap_up_ms       BIGINT UNSIGNED NOT NULL,
  paused_ms        BIGINT UNSIGNED NOT NULL,
  offers           INT UNSIGNED NOT NULL,
  offers_accepted  INT UNSIGNED NOT NULL,
  offers_missed    INT UNSIGNED NOT NULL,
  rolled_up_at     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (tenant_id, interval_start, agent_id)
) ENGINE=InnoDB;
