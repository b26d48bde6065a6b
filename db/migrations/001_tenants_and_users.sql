-- Foundation schema: tenants and the users who log in to them.
-- Every row carries its tenant; every admin-editable row carries a version
-- for optimistic concurrency.

CREATE TABLE tenant (
  id                 BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  slug               VARCHAR(64)  NOT NULL,
  name               VARCHAR(200) NOT NULL,
  reseller_tenant_id BIGINT UNSIGNED NULL,
  version            INT UNSIGNED NOT NULL DEFAULT 1,
  created_at         TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at         TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_tenant_slug (slug),
  CONSTRAINT fk_tenant_reseller FOREIGN KEY (reseller_tenant_id) REFERENCES tenant (id)
) ENGINE=InnoDB;

CREATE TABLE user_account (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id     BIGINT UNSIGNED NOT NULL,
  login         VARCHAR(200) NOT NULL,
  display_name  VARCHAR(200) NOT NULL,
  role          ENUM('system-admin', 'tenant-admin', 'supervisor', 'agent') NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  version       INT UNSIGNED NOT NULL DEFAULT 1,
  created_at    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_user_account_login (tenant_id, login),
  CONSTRAINT fk_user_account_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE=InnoDB;
