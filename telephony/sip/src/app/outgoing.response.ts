import { generateTag } from '../message/id.generator.js';
import { createResponse, type HeaderInit } from '../message/message.factory.js';
import type { SipRequest, SipResponse } from '../message/sip-message.model.js';
import { InviteServerTransaction } from '../transaction/invite-server.transaction.js';
import type { ServerTransaction } from '../transaction/transaction.manager.js';

export interface SendOptions {
  readonly reason?: string;
  readonly headers?: HeaderInit;
  readonly body?: string | Buffer;
}

function hasToTag(req: SipRequest): boolean {
  try {
    return req.to.tag !== undefined;
  } catch {
    // an unparseable To gets a tag anyway, as createResponse does
    return false;
  }
}

/** The application's handle to answer a request (drachtio-srf's `res`). */
export class OutgoingResponse {
  private lastStatus = 0;
  /** Drawn on first use: most non-INVITE requests are in-dialog and already carry a To tag. */
  private toTag: string | undefined;
  /**
   * Called once a final response went out, with its status. The stack uses it to take a
   * re-INVITE's or UPDATE's SDP into its dialog only when the answer was a 2xx.
   */
  onFinal: ((status: number) => void) | undefined;

  constructor(
    private readonly tx: ServerTransaction,
    private readonly decorate: ((res: SipResponse) => void) | undefined = undefined,
  ) {
    if (tx instanceof InviteServerTransaction) this.toTag = tx.localTag;
  }

  /** To tag of this request's responses (the UAS half of a dialog id). */
  get localTag(): string {
    return (this.toTag ??= generateTag());
  }

  /** True once a final response went out (or the transaction no longer takes one). */
  get finalSent(): boolean {
    return this.lastStatus >= 200 || this.tx.finished;
  }

  get status(): number {
    return this.lastStatus;
  }

  /**
   * Sends a response; returns it, or undefined when the transaction already finished (a 487
   * after CANCEL, an earlier final): late answers are dropped, never thrown.
   */
  send(status: number, options: SendOptions = {}): SipResponse | undefined {
    const request = this.tx.request;
    // a tag is only added where the To has none (createResponse checks the same)
    const toTag = this.toTag ?? (status > 100 && !hasToTag(request) ? this.localTag : undefined);
    const res = createResponse(request, status, {
      toTag,
      reason: options.reason,
      headers: options.headers,
      body: options.body,
    });
    this.decorate?.(res);
    if (!this.tx.respond(res)) return undefined;
    this.lastStatus = status;
    if (status >= 200 && this.onFinal) {
      const onFinal = this.onFinal;
      this.onFinal = undefined;
      onFinal(status);
    }
    return res;
  }
}
