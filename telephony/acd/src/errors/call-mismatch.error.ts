import { AcdError } from './acd.error.js';

/**
 * An event names a call the agent is not handling: typically a late event from an earlier
 * call (a stale no-answer timer, a duplicated hang-up). Applying it would corrupt the state of
 * the current call, so it is refused.
 */
export class CallMismatchError extends AcdError {
  override readonly name = 'CallMismatchError';
  readonly expectedCallId: string | null;
  readonly actualCallId: string;

  constructor(expectedCallId: string | null, actualCallId: string) {
    super('ACD_ERR_CALL_MISMATCH', `agent has ${expectedCallId ?? 'no call'}, event names ${actualCallId}`);
    this.expectedCallId = expectedCallId;
    this.actualCallId = actualCallId;
  }
}
