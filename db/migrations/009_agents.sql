-- Agents: the ACD's view of a person who takes calls. Linked to the login (user_account) of
-- the same tenant; reached on a SIP device under an extension.
CREATE TABLE agent (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id       BIGINT UNSIGNED NOT NULL,
  user_account_id BIGINT UNSIGNED NULL,
  display_name    VARCHAR(200) NOT NULL,
  -- Internal number, unique in the tenant (dialled by colleagues, shown to supervisors).
  extension       VARCHAR(32) NOT NULL,
  -- SIP user the agent's phone registers as (sip:<sip_device>@<tenant domain>).
  sip_device      VARCHAR(100) NOT NULL,
  active          BOOLEAN NOT NULL DEFAULT TRUE,
  version         INT UNSIGNED NOT NULL DEFAULT 1,
  created_at      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_agent_extension (tenant_id, extension),
  UNIQUE KEY uq_agent_sip_device (tenant_id, sip_device),
  UNIQUE KEY uq_agent_user_account (tenant_id, user_account_id),
  UNIQUE KEY uq_agent_tenant_id (tenant_id, id),
  CONSTRAINT fk_agent_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id),
  CONSTRAINT fk_agent_user_account FOREIGN KEY (tenant_id, user_account_id) REFERENCES user_account (tenant_id, id)
) ENGINE=InnoDB;

-- AgentSkill: child rows of the agent, edited under the agent's version.
CREATE TABLE agent_skill (
  tenant_id BIGINT UNSIGNED NOT NULL,
  agent_id  BIGINT UNSIGNED NOT NULL,
  skill_id  BIGINT UNSIGNED NOT NULL,
  level     TINYINT UNSIGNED NOT NULL,
  PRIMARY KEY (agent_id, skill_id),
  CONSTRAINT fk_agent_skill_agent FOREIGN KEY (tenant_id, agent_id) REFERENCES agent (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_agent_skill_skill FOREIGN KEY (tenant_id, skill_id) REFERENCES skill (tenant_id, id),
  CONSTRAINT ck_agent_skill_level CHECK (level BETWEEN 1 AND 5)
) ENGINE=InnoDB;

-- AcdGroupMembership: lower penalty is offered calls first (strict tiers, as in Asterisk).
-- Child rows of the agent, edited under the agent's version.
CREATE TABLE acd_group_member (
  tenant_id    BIGINT UNSIGNED NOT NULL,
  acd_group_id BIGINT UNSIGNED NOT NULL,
  agent_id     BIGINT UNSIGNED NOT NULL,
  penalty      TINYINT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (agent_id, acd_group_id),
  KEY ix_acd_group_member_group (acd_group_id),
  CONSTRAINT fk_acd_group_member_agent FOREIGN KEY (tenant_id, agent_id) REFERENCES agent (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_acd_group_member_group FOREIGN KEY (tenant_id, acd_group_id) REFERENCES acd_group (tenant_id, id) ON DELETE CASCADE
) ENGINE=InnoDB;
