-- Call flows are data: JSON validated by the application (db/src/config/call-flow) before it
-- is stored. Every save adds an immutable revision and makes it the active one, so a call
-- that started on revision 3 can finish on it and an admin can see (and restore) history.
-- `version` is the optimistic-concurrency version of the flow row (as on every admin row);
-- `active_revision` is which content revision calls run.
CREATE TABLE call_flow (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id       BIGINT UNSIGNED NOT NULL,
  name            VARCHAR(100) NOT NULL,
  active_revision INT UNSIGNED NOT NULL,
  version         INT UNSIGNED NOT NULL DEFAULT 1,
  created_at      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_call_flow_name (tenant_id, name),
  UNIQUE KEY uq_call_flow_tenant_id (tenant_id, id),
  CONSTRAINT fk_call_flow_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE=InnoDB;

CREATE TABLE call_flow_revision (
  tenant_id    BIGINT UNSIGNED NOT NULL,
  call_flow_id BIGINT UNSIGNED NOT NULL,
  revision     INT UNSIGNED NOT NULL,
  definition   JSON NOT NULL,
  -- Who saved it; NULL for system writes (seed, import).
  created_by   BIGINT UNSIGNED NULL,
  created_at   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (call_flow_id, revision),
  CONSTRAINT fk_call_flow_revision_flow FOREIGN KEY (tenant_id, call_flow_id)
    REFERENCES call_flow (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_call_flow_revision_user FOREIGN KEY (tenant_id, created_by)
    REFERENCES user_account (tenant_id, id),
  CONSTRAINT ck_call_flow_revision_json CHECK (JSON_VALID(definition))
) ENGINE=InnoDB;
