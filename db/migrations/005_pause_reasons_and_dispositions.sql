-- Tenant-defined pause reasons (the agent state machine's open `PauseReason` string is `code`)
-- and disposition codes agents set on a finished call. Deactivated rather than deleted, so
-- statistics that name them stay readable.
CREATE TABLE pause_reason (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id   BIGINT UNSIGNED NOT NULL,
  code        VARCHAR(50)  NOT NULL,
  label       VARCHAR(100) NOT NULL,
  -- Paid pauses (training, back-office) count as working time in reports.
  paid        BOOLEAN NOT NULL DEFAULT FALSE,
  -- A supervisor alert threshold; NULL: no limit.
  max_seconds INT UNSIGNED NULL,
  active      BOOLEAN NOT NULL DEFAULT TRUE,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_pause_reason_code (tenant_id, code),
  CONSTRAINT fk_pause_reason_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE=InnoDB;

CREATE TABLE disposition_code (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id  BIGINT UNSIGNED NOT NULL,
  code       VARCHAR(50)  NOT NULL,
  label      VARCHAR(100) NOT NULL,
  active     BOOLEAN NOT NULL DEFAULT TRUE,
  version    INT UNSIGNED NOT NULL DEFAULT 1,
  created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_disposition_code_code (tenant_id, code),
  CONSTRAINT fk_disposition_code_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE=InnoDB;
