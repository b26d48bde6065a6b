import type { CallFlowDefinition } from '../call-flow/call-flow.schema.js';

/**
 * A call flow with its active revision. `version` guards edits (optimistic concurrency);
 * `activeRevision` is which immutable content revision new calls run.
 */
export interface CallFlow {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly version: number;
  readonly activeRevision: number;
  readonly definition: CallFlowDefinition;
}
