-- ACD groups: where callers wait and how they are distributed. Column names follow the
-- domain (@ringwell/acd): strategy = RoutingStrategy, service_level_variant =
-- ServiceLevelVariant, acd_group_skill_relaxation = SkillRelaxationStep.
CREATE TABLE acd_group (
  id                              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id                       BIGINT UNSIGNED NOT NULL,
  name                            VARCHAR(100) NOT NULL,
  strategy                        ENUM('longest-idle', 'round-robin', 'ring-all', 'skills-based') NOT NULL DEFAULT 'longest-idle',
  -- How long one offer rings before it counts as no-answer.
  ring_timeout_seconds            SMALLINT UNSIGNED NOT NULL DEFAULT 20,
  wrap_up_seconds                 SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  -- NULL: no limit. Exceeding either sends the caller to the overflow target.
  max_wait_seconds                INT UNSIGNED NULL,
  max_queue_length                INT UNSIGNED NULL,
  overflow_target_type            ENUM('acd-group', 'call-flow', 'voicemail', 'external-number') NULL,
  overflow_acd_group_id           BIGINT UNSIGNED NULL,
  overflow_call_flow_id           BIGINT UNSIGNED NULL,
  overflow_voicemail_box          VARCHAR(100) NULL,
  overflow_external_number        VARCHAR(32) NULL,
  music_on_hold_prompt_id         BIGINT UNSIGNED NULL,
  -- Periodic announcement ("all agents are busy") every N seconds while waiting.
  periodic_prompt_id              BIGINT UNSIGNED NULL,
  periodic_interval_seconds       SMALLINT UNSIGNED NULL,
  announce_position               BOOLEAN NOT NULL DEFAULT FALSE,
  announce_estimated_wait         BOOLEAN NOT NULL DEFAULT FALSE,
  -- How often position / estimated wait are repeated; NULL: once, on entry.
  position_interval_seconds       SMALLINT UNSIGNED NULL,
  service_level_threshold_seconds SMALLINT UNSIGNED NOT NULL DEFAULT 20,
  service_level_variant           ENUM('abandons-count-against', 'abandons-ignored', 'short-abandons-ignored') NOT NULL DEFAULT 'abandons-count-against',
  short_abandon_seconds           SMALLINT UNSIGNED NOT NULL DEFAULT 5,
  recording_enabled               BOOLEAN NOT NULL DEFAULT FALSE,
  -- Base priority of calls entering this group (WaitingCall.priority); a flow may raise it.
  priority                        INT NOT NULL DEFAULT 0,
  version                         INT UNSIGNED NOT NULL DEFAULT 1,
  created_at                      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at                      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_acd_group_name (tenant_id, name),
  UNIQUE KEY uq_acd_group_tenant_id (tenant_id, id),
  CONSTRAINT fk_acd_group_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id),
  -- Overflow targets and prompts are referenced with the tenant: never another tenant's row.
  CONSTRAINT fk_acd_group_overflow_group FOREIGN KEY (tenant_id, overflow_acd_group_id)
    REFERENCES acd_group (tenant_id, id),
  CONSTRAINT fk_acd_group_overflow_flow FOREIGN KEY (tenant_id, overflow_call_flow_id)
    REFERENCES call_flow (tenant_id, id),
  CONSTRAINT fk_acd_group_moh_prompt FOREIGN KEY (tenant_id, music_on_hold_prompt_id)
    REFERENCES prompt (tenant_id, id),
  CONSTRAINT fk_acd_group_periodic_prompt FOREIGN KEY (tenant_id, periodic_prompt_id)
    REFERENCES prompt (tenant_id, id),
  -- Exactly the column of the chosen overflow type is set.
  CONSTRAINT ck_acd_group_overflow CHECK (
    (overflow_target_type IS NULL AND overflow_acd_group_id IS NULL AND overflow_call_flow_id IS NULL
       AND overflow_voicemail_box IS NULL AND overflow_external_number IS NULL)
    OR (overflow_target_type = 'acd-group' AND overflow_acd_group_id IS NOT NULL AND overflow_call_flow_id IS NULL
       AND overflow_voicemail_box IS NULL AND overflow_external_number IS NULL)
    OR (overflow_target_type = 'call-flow' AND overflow_call_flow_id IS NOT NULL AND overflow_acd_group_id IS NULL
       AND overflow_voicemail_box IS NULL AND overflow_external_number IS NULL)
    OR (overflow_target_type = 'voicemail' AND overflow_voicemail_box IS NOT NULL AND overflow_acd_group_id IS NULL
       AND overflow_call_flow_id IS NULL AND overflow_external_number IS NULL)
    OR (overflow_target_type = 'external-number' AND overflow_external_number IS NOT NULL AND overflow_acd_group_id IS NULL
       AND overflow_call_flow_id IS NULL AND overflow_voicemail_box IS NULL)),
  CONSTRAINT ck_acd_group_periodic CHECK ((periodic_prompt_id IS NULL) = (periodic_interval_seconds IS NULL)),
  CONSTRAINT ck_acd_group_ring_timeout CHECK (ring_timeout_seconds > 0)
) ENGINE=InnoDB;

-- SkillRelaxationStep rows; child rows of the group, edited under the group's version.
CREATE TABLE acd_group_skill_relaxation (
  tenant_id     BIGINT UNSIGNED NOT NULL,
  acd_group_id  BIGINT UNSIGNED NOT NULL,
  after_seconds INT UNSIGNED NOT NULL,
  relax_by      TINYINT UNSIGNED NOT NULL,
  PRIMARY KEY (acd_group_id, after_seconds),
  CONSTRAINT fk_acd_group_skill_relaxation_group FOREIGN KEY (tenant_id, acd_group_id)
    REFERENCES acd_group (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT ck_acd_group_skill_relaxation CHECK (relax_by BETWEEN 1 AND 4)
) ENGINE=InnoDB;

-- Skills every call entering the group needs (RequiredSkill); a flow may add more per call.
CREATE TABLE acd_group_required_skill (
  tenant_id    BIGINT UNSIGNED NOT NULL,
  acd_group_id BIGINT UNSIGNED NOT NULL,
  skill_id     BIGINT UNSIGNED NOT NULL,
  level        TINYINT UNSIGNED NOT NULL,
  PRIMARY KEY (acd_group_id, skill_id),
  CONSTRAINT fk_acd_group_required_skill_group FOREIGN KEY (tenant_id, acd_group_id)
    REFERENCES acd_group (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_acd_group_required_skill_skill FOREIGN KEY (tenant_id, skill_id)
    REFERENCES skill (tenant_id, id),
  CONSTRAINT ck_acd_group_required_skill_level CHECK (level BETWEEN 1 AND 5)
) ENGINE=InnoDB;
