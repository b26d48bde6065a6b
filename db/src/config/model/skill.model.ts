import type { StoredRow } from './stored-row.model.js';

/** A skill the tenant routes on (language, product); agents hold it at a level 1-5. */
export interface SkillSettings {
  readonly name: string;
}

export type Skill = StoredRow<SkillSettings>;
