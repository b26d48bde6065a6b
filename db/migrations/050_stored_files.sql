-- File storage (issue 5): every file the platform tracks on the share, and
-- per-tenant retention. A recording is first written to a host's local spool
-- (location 'local'), then uploaded by the worker and verified (size and
-- SHA-256) before the row moves to 'share' and the local copy is removed.
-- Retention marks rows 'expired' when it deletes their file.

CREATE TABLE stored_file (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id    BIGINT UNSIGNED NOT NULL,
  kind         ENUM('prompts', 'recordings', 'voicemail', 'faxes', 'multichannel', 'skins', 'reports') NOT NULL,
  -- Relative path built from a typed key (storage/src/storage-path.ts keyPath), e.g. tenants/7/recordings/2026/11/23/c1.wav
  storage_key  VARCHAR(512) NOT NULL,
  size_bytes   BIGINT UNSIGNED NOT NULL,
  sha256       CHAR(64) NOT NULL,
  location     ENUM('local', 'share', 'expired') NOT NULL DEFAULT 'local',
  -- The host whose spool holds the local copy while location = 'local'.
  spool_node   VARCHAR(64) NOT NULL,
  upload_attempts INT UNSIGNED NOT NULL DEFAULT 0,
  last_error   VARCHAR(500) NULL,
  uploaded_at  TIMESTAMP(3) NULL,
  version      INT UNSIGNED NOT NULL DEFAULT 1,
  created_at   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_stored_file_key (tenant_id, storage_key),
  KEY ix_stored_file_pending (location, spool_node),
  CONSTRAINT fk_stored_file_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE=InnoDB;

CREATE TABLE storage_retention (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id  BIGINT UNSIGNED NOT NULL,
  kind       ENUM('prompts', 'recordings', 'voicemail', 'faxes', 'multichannel', 'skins', 'reports') NOT NULL,
  keep_days  INT UNSIGNED NOT NULL,
  version    INT UNSIGNED NOT NULL DEFAULT 1,
  created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_storage_retention (tenant_id, kind),
  CONSTRAINT fk_storage_retention_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id),
  CONSTRAINT ck_storage_retention_days CHECK (keep_days >= 1)
) ENGINE=InnoDB;
