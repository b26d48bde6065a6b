-- Seat pool and config change counter on the tenant.
-- seat_limit: the most agents of the tenant that may be logged in at once. Enforced atomically
--   in Redis at login (not here); the config cache only loads it.
-- config_version: bumped in the same transaction as every admin write of the tenant's
--   configuration, so a config cache that missed a change notification (Redis failover,
--   its own reconnect) finds the tenants to reload with one cheap query.
ALTER TABLE tenant
  ADD COLUMN seat_limit     INT UNSIGNED    NOT NULL DEFAULT 10 AFTER reseller_tenant_id,
  ADD COLUMN config_version BIGINT UNSIGNED NOT NULL DEFAULT 1  AFTER seat_limit;

-- (tenant_id, id) keys let child tables reference a row together with its tenant, so the
-- database itself refuses a reference across tenants.
ALTER TABLE user_account
  ADD UNIQUE KEY uq_user_account_tenant_id (tenant_id, id);
