-- Opening hours and holiday calendars. A schedule is a week of opening intervals in a time
-- zone; a holiday calendar lists dates that override it (closed all day, or special hours).
-- Call flows refer to schedules by id (a time-condition step).
CREATE TABLE holiday_calendar (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id  BIGINT UNSIGNED NOT NULL,
  name       VARCHAR(100) NOT NULL,
  version    INT UNSIGNED NOT NULL DEFAULT 1,
  created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_holiday_calendar_name (tenant_id, name),
  UNIQUE KEY uq_holiday_calendar_tenant_id (tenant_id, id),
  CONSTRAINT fk_holiday_calendar_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE=InnoDB;

-- Child rows of a calendar: edited only together with it, under the calendar's version.
CREATE TABLE holiday (
  id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id           BIGINT UNSIGNED NOT NULL,
  holiday_calendar_id BIGINT UNSIGNED NOT NULL,
  holiday_date        DATE NOT NULL,
  name                VARCHAR(100) NOT NULL,
  -- Both NULL: closed all day. Both set: open only in this interval that day.
  opens_at            TIME NULL,
  closes_at           TIME NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_holiday_date (holiday_calendar_id, holiday_date),
  CONSTRAINT fk_holiday_calendar FOREIGN KEY (tenant_id, holiday_calendar_id)
    REFERENCES holiday_calendar (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT ck_holiday_hours CHECK ((opens_at IS NULL AND closes_at IS NULL)
    OR (opens_at IS NOT NULL AND closes_at IS NOT NULL AND opens_at < closes_at))
) ENGINE=InnoDB;

CREATE TABLE opening_schedule (
  id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id           BIGINT UNSIGNED NOT NULL,
  name                VARCHAR(100) NOT NULL,
  -- IANA zone (Europe/Berlin): opening hours follow the tenant's wall clock across DST.
  time_zone           VARCHAR(64) NOT NULL,
  holiday_calendar_id BIGINT UNSIGNED NULL,
  version             INT UNSIGNED NOT NULL DEFAULT 1,
  created_at          TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at          TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_opening_schedule_name (tenant_id, name),
  UNIQUE KEY uq_opening_schedule_tenant_id (tenant_id, id),
  CONSTRAINT fk_opening_schedule_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id),
  CONSTRAINT fk_opening_schedule_calendar FOREIGN KEY (tenant_id, holiday_calendar_id)
    REFERENCES holiday_calendar (tenant_id, id)
) ENGINE=InnoDB;

-- ISO weekday 1 = Monday .. 7 = Sunday; several intervals a day allowed (lunch break).
CREATE TABLE opening_interval (
  id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id           BIGINT UNSIGNED NOT NULL,
  opening_schedule_id BIGINT UNSIGNED NOT NULL,
  weekday             TINYINT UNSIGNED NOT NULL,
  opens_at            TIME NOT NULL,
  closes_at           TIME NOT NULL,
  PRIMARY KEY (id),
  KEY ix_opening_interval_schedule (opening_schedule_id, weekday),
  CONSTRAINT fk_opening_interval_schedule FOREIGN KEY (tenant_id, opening_schedule_id)
    REFERENCES opening_schedule (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT ck_opening_interval CHECK (weekday BETWEEN 1 AND 7 AND opens_at < closes_at)
) ENGINE=InnoDB;
