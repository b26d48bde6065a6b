import type { AcdGroup, RoutingStrategy } from './acd-group.model.js';

/**
 * The shape of @ringwell/acd's `AcdGroupRouting`, repeated here so the db package need not
 * depend on the domain package; the config integration test assigns one to the other, so the
 * two cannot drift apart without the build failing.
 */
export interface AcdGroupRoutingConfig {
  readonly acdGroupId: string;
  readonly strategy: RoutingStrategy;
  readonly skillRelaxation: ReadonlyArray<{ readonly afterSeconds: number; readonly relaxBy: number }>;
}

/** What the router needs of a stored ACD group. */
export function toAcdGroupRouting(group: AcdGroup): AcdGroupRoutingConfig {
  return { acdGroupId: group.id, strategy: group.strategy, skillRelaxation: group.skillRelaxation };
}
