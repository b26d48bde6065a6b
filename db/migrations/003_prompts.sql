-- Prompts: announcements and music, stored in file storage (SMB share); the row holds the
-- storage key (storage/src keys are per tenant), never the audio.
CREATE TABLE prompt (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id    BIGINT UNSIGNED NOT NULL,
  name         VARCHAR(100) NOT NULL,
  storage_key  VARCHAR(500) NOT NULL,
  content_type VARCHAR(100) NOT NULL DEFAULT 'audio/wav',
  version      INT UNSIGNED NOT NULL DEFAULT 1,
  created_at   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_prompt_name (tenant_id, name),
  UNIQUE KEY uq_prompt_tenant_id (tenant_id, id),
  CONSTRAINT fk_prompt_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE=InnoDB;
