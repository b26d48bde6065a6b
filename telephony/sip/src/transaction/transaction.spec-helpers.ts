import { parseMessage } from '../message/message.parser.js';
import type { SipMessage, SipRequest, SipResponse } from '../message/sip-message.model.js';
import { createResponse } from '../message/message.factory.js';
import { DEFAULT_TIMERS, systemScheduler, type TimerConfig } from './timer.scheduler.js';
import type { TransactionContext } from './transaction.base.js';

/** Test fixtures shared by the transaction specs (not part of the public API). */
export function request(method: string, branch = 'z9hG4bKtest1'): SipRequest {
  const text =
    `${method} sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=${branch}\r\n` +
    `From: <sip:alice@h>;tag=a1\r\nTo: <sip:bob@h>\r\nCall-ID: tx-test\r\nCSeq: 1 ${method}\r\nMax-Forwards: 70\r\n` +
    `Route: <sip:proxy.example.com;lr>\r\nContent-Length: 0\r\n\r\n`;
  return parseMessage(Buffer.from(text)) as SipRequest;
}

export function response(req: SipRequest, status: number): SipResponse {
  return createResponse(req, status, { toTag: 'b1' });
}

export interface FakeContext extends TransactionContext {
  readonly sent: SipMessage[];
  fail: boolean;
}

export function fakeContext(reliable: boolean, timers: Partial<TimerConfig> = {}): FakeContext {
  const sent: SipMessage[] = [];
  const ctx = {
    reliable,
    timers: { ...DEFAULT_TIMERS, ...timers },
    scheduler: systemScheduler,
    sent,
    fail: false,
    send: (m: SipMessage, _target: unknown, onError: (err: Error) => void): void => {
      if (ctx.fail) {
        queueMicrotask(() => onError(new Error('transport down')));
        return;
      }
      sent.push(m);
    },
  };
  return ctx;
}
