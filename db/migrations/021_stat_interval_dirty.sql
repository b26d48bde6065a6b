-- Which 15-minute intervals need rolling up again, and how far the roll-up has come.
-- (docs/statistics.md, "Late events and missed intervals")
--
-- * stat_interval_dirty: the statistics writer marks, in the same transaction as
--   the events, every (tenant, interval) a batch touches. The worker's roll-up job
--   re-rolls the closed ones and deletes a mark only if `marks` is unchanged since
--   it read it, so an event committed during the roll-up keeps its mark. This is
--   how a spool replayed hours after a database outage, or a history forwarder
--   catching up, reaches the aggregates.
-- * stat_rollup_progress: the last interval the scheduled roll-up completed (one
--   row). A worker that was down for a while rolls every interval since then, up
--   to a day back, when it returns.

CREATE TABLE stat_interval_dirty (
  tenant_id       BIGINT UNSIGNED NOT NULL,
  interval_start  DATETIME NOT NULL,
  marks           INT UNSIGNED NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, interval_start),
  KEY ix_stat_interval_dirty_start (interval_start)
) ENGINE=InnoDB;

CREATE TABLE stat_rollup_progress (
  id                    TINYINT UNSIGNED NOT NULL,
  last_interval_start   DATETIME NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB;
