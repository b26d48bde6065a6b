import { generateTag } from '../message/id.generator.js';
import { createResponse, type HeaderInit } from '../message/message.factory.js';
import type { SipResponse } from '../message/sip-message.model.js';
import { InviteServerTransaction } from '../transaction/invite-server.transaction.js';
import type { ServerTransaction } from '../transaction/transaction.manager.js';

export interface SendOptions {
  readonly reason?: string;
  readonly headers?: HeaderInit;
  readonly body?: string | Buffer;
}

/** The application's handle to answer a request (drachtio-srf's `res`). */
export class OutgoingResponse {
  private lastStatus = 0;
  private readonly toTag: string;

  constructor(
    private readonly tx: ServerTransaction,
    private readonly decorate: (res: SipResponse) => void = () => undefined,
  ) {
    this.toTag = tx instanceof InviteServerTransaction ? tx.localTag : generateTag();
  }

  /** To tag of this request's responses (the UAS half of a dialog id). */
  get localTag(): string {
    return this.toTag;
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
    const res = createResponse(this.tx.request, status, {
      toTag: this.toTag,
      ...(options.reason !== undefined ? { reason: options.reason } : {}),
      ...(options.headers !== undefined ? { headers: options.headers } : {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
    });
    this.decorate(res);
    if (!this.tx.respond(res)) return undefined;
    this.lastStatus = status;
    return res;
  }
}
