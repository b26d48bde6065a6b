-- Inbound numbers (DIDs) and the call flow each runs. A number belongs to one tenant in the
-- whole platform (globally unique): an incoming INVITE names only the number, and the number
-- names the tenant.
CREATE TABLE phone_number (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id    BIGINT UNSIGNED NOT NULL,
  -- E.164 with the leading +.
  number       VARCHAR(32) NOT NULL,
  -- NULL: reserved but not yet routed (calls are rejected).
  call_flow_id BIGINT UNSIGNED NULL,
  description  VARCHAR(200) NOT NULL DEFAULT '',
  version      INT UNSIGNED NOT NULL DEFAULT 1,
  created_at   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_phone_number_number (number),
  KEY ix_phone_number_tenant (tenant_id),
  CONSTRAINT fk_phone_number_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id),
  CONSTRAINT fk_phone_number_call_flow FOREIGN KEY (tenant_id, call_flow_id) REFERENCES call_flow (tenant_id, id),
  CONSTRAINT ck_phone_number_e164 CHECK (number REGEXP '^\\+[1-9][0-9]{5,14}$')
) ENGINE=InnoDB;
