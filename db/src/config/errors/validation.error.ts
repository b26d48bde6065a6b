import { ConfigStoreError } from './config-store.error.js';

/** One thing wrong with an input: the dotted path of the field and why. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** Input refused at the boundary; `issues` names every wrong field so the API can answer 400 with them. */
export class ValidationError extends ConfigStoreError {
  override readonly name = 'ValidationError';

  constructor(
    readonly issues: readonly ValidationIssue[],
    options?: { cause?: unknown },
  ) {
    super('RW_ERR_VALIDATION', issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; '), options);
  }
}
