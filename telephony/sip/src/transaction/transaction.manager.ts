import { EventEmitter } from 'node:events';
import { BRANCH_COOKIE, flatten, generateBranch } from '../message/id.generator.js';
import { createResponse } from '../message/message.factory.js';
import { serializeToLatin1 } from '../message/message.serializer.js';
import { SipHeaders } from '../message/sip-headers.model.js';
import { SipRequest, type SipMessage, type SipResponse } from '../message/sip-message.model.js';
import type { TransportLayer } from '../transport/transport.layer.js';
import type { PeerAddress, SendErrorHandler } from '../transport/transport.types.js';
import { CompletedTransactionStore, type CompletedMatch } from './completed-transaction.store.js';
import { InviteClientTransaction } from './invite-client.transaction.js';
import { InviteServerTransaction } from './invite-server.transaction.js';
import { NonInviteClientTransaction, type ClientTransactionUser } from './non-invite-client.transaction.js';
import { NonInviteServerTransaction, type ServerTransactionUser } from './non-invite-server.transaction.js';
import { DEFAULT_TIMERS, systemScheduler, type TimerConfig, type TimerScheduler } from './timer.scheduler.js';
import type { TransactionContext, TransactionHandle } from './transaction.base.js';

export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;
export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;

/** Verdict of an admission hook (rate limiting): reject with this status and Retry-After. */
export interface Rejection {
  readonly status: number;
  readonly retryAfter?: number;
  readonly reason?: string;
}

export interface TransactionManagerOptions {
  readonly timers?: Partial<TimerConfig>;
  readonly scheduler?: TimerScheduler;
  /**
   * 100 Trying for INVITE (RFC 3261 §17.2.1): `true` (default) sends it as soon as the server
   * transaction is created; `'unless-answered'` sends it once the TU has seen the request, unless
   * the TU already answered while handling it (the RFC lets a server skip the 100 when its TU
   * answers within 200 ms); `false` never sends it.
   */
  readonly autoTrying?: boolean | 'unless-answered';
  /**
   * Server transactions in flight (still waiting for the TU's final response) above which new
   * requests get 503 (default 10,000). Transactions that only linger to absorb retransmissions
   * (Accepted, Completed, Confirmed) don't count: at 3,000 calls/s there are 190,000 of them.
   */
  readonly maxServerTransactions?: number;
  /** Retry-After seconds of the overload 503 (default 5). */
  readonly retryAfterSeconds?: number;
  /** Called for each new request before a transaction is created (per-source rate limits). */
  readonly admit?: (req: SipRequest, source: PeerAddress) => Rejection | undefined;
}

export interface TransactionManagerEvents {
  /** New request with its server transaction; the TU must answer through `tx.respond`. */
  request: [req: SipRequest, tx: ServerTransaction, source: PeerAddress];
  /** ACK that matched no transaction: the ACK for a 2xx, for the dialog layer. */
  ack: [ack: SipRequest, source: PeerAddress];
  /** A CANCEL matched an INVITE still proceeding; 200 and 487 have been sent. */
  cancel: [cancel: SipRequest, invite: InviteServerTransaction];
  /** A response no client transaction claims (2xx retransmission after Timer M, late fork). */
  strayResponse: [res: SipResponse, source: PeerAddress];
  /** A request refused before any transaction existed (overload, rate limit). */
  rejected: [req: SipRequest, status: number];
  /** A server transaction gave up: transport error or Timer H (no ACK). */
  serverFailure: [tx: ServerTransaction, err: Error];
}

export interface TransactionStats {
  rejectedOverload: number;
  rejectedAdmission: number;
}

/** RFC 3261 §17.2.3 server transaction key. */
export function serverKey(req: SipRequest): string {
  const via = req.via;
  const method = req.method === 'ACK' ? 'INVITE' : req.method;
  const branch = via.branch;
  const sentBy = via.port === undefined ? via.host : `${via.host}:${via.port}`;
  if (branch !== undefined && branch.startsWith(BRANCH_COOKIE)) return flatten(`${branch}|${sentBy}|${method}`);
  // RFC 2543 peers: fall back to the dialog-ish tuple (To tag left out so the ACK matches its INVITE).
  return flatten(`2543|${req.uri}|${req.from.tag ?? ''}|${req.callId}|${req.cseq.seq}|${via.raw}|${method}`);
}

/** RFC 3261 §17.1.3 client transaction key. */
export function clientKey(branch: string, method: string): string {
  return `${branch}|${method === 'ACK' ? 'INVITE' : method}`;
}

/**
 * Owns every transaction of the stack, matches messages to them and frees them when they
 * terminate, so memory stays bounded by the timers (Timer J/K/I/D/L/M) and the overload cap.
 * Server transactions that have sent their final response and only linger (Accepted, Completed,
 * Confirmed) move from the live table to a `CompletedTransactionStore`, which keeps a key, the
 * final response's bytes where needed and a slot in a shared expiry queue.
 */
export class TransactionManager extends EventEmitter<TransactionManagerEvents> {
  readonly timers: TimerConfig;
  readonly stats: TransactionStats = { rejectedOverload: 0, rejectedAdmission: 0 };
  private readonly scheduler: TimerScheduler;
  private readonly server = new Map<string, ServerTransaction>();
  private readonly completed: CompletedTransactionStore;
  private inFlight = 0;
  private readonly client = new Map<string, ClientTransaction>();
  private readonly autoTrying: boolean | 'unless-answered';
  private readonly maxServer: number;
  private readonly retryAfter: number;
  private readonly admit: TransactionManagerOptions['admit'];
  /** Indexed by `reliable ? 1 : 0`. */
  private readonly serverContexts: readonly [TransactionContext, TransactionContext];
  private readonly clientContexts: readonly [TransactionContext, TransactionContext];

  constructor(
    readonly transport: TransportLayer,
    options: TransactionManagerOptions = {},
  ) {
    super();
    this.timers = { ...DEFAULT_TIMERS, ...options.timers };
    this.scheduler = options.scheduler ?? systemScheduler;
    this.autoTrying = options.autoTrying ?? true;
    this.maxServer = options.maxServerTransactions ?? 10_000;
    this.retryAfter = options.retryAfterSeconds ?? 5;
    this.admit = options.admit;
    this.completed = new CompletedTransactionStore(this.scheduler);
    this.serverContexts = [this.context(false, this.sendServer), this.context(true, this.sendServer)];
    this.clientContexts = [this.context(false, this.sendClient), this.context(true, this.sendClient)];
    transport.on('request', (req, source) => this.onRequest(req, source));
    transport.on('response', (res, source) => this.onResponse(res, source));
  }

  /** Server transactions alive: in flight or lingering after their final response. */
  get serverCount(): number {
    return this.server.size + this.completed.size;
  }

  /** Server transactions that only linger after their final response (in the compact store). */
  get serverLingering(): number {
    return this.completed.size;
  }

  /** Server transactions still waiting for the TU's final response. */
  get serverInFlight(): number {
    return this.inFlight;
  }

  get clientCount(): number {
    return this.client.size;
  }

  /** A server transaction still in the live table (not yet handed to the compact store). */
  findServer(key: string): ServerTransaction | undefined {
    return this.server.get(key);
  }

  /** Forgets every lingering server transaction and stops the expiry timers (shutdown). */
  close(): void {
    this.completed.clear();
  }

  /*
   * Contexts, hooks and the server TU are shared by every transaction: each receives the
   * transaction (and the transaction carries its peer), so creating one costs no closures.
   */
  private readonly sendServer = (msg: SipMessage, target: PeerAddress | undefined, onError: SendErrorHandler): void => {
    this.transport.sendResponse(msg as SipResponse, target, onError);
  };

  private readonly sendClient = (msg: SipMessage, target: PeerAddress | undefined, onError: SendErrorHandler): void => {
    if (target) this.transport.sendRequest(msg as SipRequest, target, onError);
  };

  private context(reliable: boolean, send: TransactionContext['send']): TransactionContext {
    return { reliable, timers: this.timers, scheduler: this.scheduler, send };
  }

  /** The TU of every server transaction; only server transactions are given it, hence the casts. */
  private readonly serverTu: ServerTransactionUser = {
    onTransportError: (err, tx) => this.emit('serverFailure', tx as ServerTransaction, err),
    onTimeout: (tx) => this.emit('serverFailure', tx as ServerTransaction, new Error('Timer H: no ACK for the final response')),
    onAck: (ack, tx) => {
      if (tx.target) this.emit('ack', ack, tx.target);
    },
  };

  private readonly forgetServer = (key: string, tx: TransactionHandle): void => {
    if (this.server.get(key) === tx) this.server.delete(key);
  };

  private readonly forgetClient = (key: string, tx: TransactionHandle): void => {
    if (this.client.get(key) === tx) this.client.delete(key);
  };

  private readonly settled = (): void => {
    this.inFlight--;
  };

  private readonly linger = (ms: number, tx: TransactionHandle): boolean => {
    const live = this.server.get(tx.key);
    return live === tx && this.handOver(live, ms);
  };

  /** Sends a response outside any transaction (ACK-less stateless answers, overload 503). */
  sendStateless(res: SipResponse, source: PeerAddress): void {
    this.transport.sendResponse(res, source);
  }

  private onRequest(req: SipRequest, source: PeerAddress): void {
    const key = serverKey(req);
    const existing = this.server.get(key);
    if (existing) {
      existing.receiveRequest(req);
      return;
    }
    if (req.method === 'ACK') {
      // Matching an INVITE in Accepted (RFC 6026 §7.1) or nothing (the ACK of a 2xx has its own
      // branch), the ACK goes to the TU; matching one in Confirmed, it is absorbed.
      if (!this.completed.absorbsAck(key)) this.emit('ack', req, source);
      return;
    }
    const lingering = this.completed.size > 0 ? this.completed.match(key) : undefined;
    if (lingering) {
      this.onLingering(lingering, req, source);
      return;
    }
    if (this.inFlight >= this.maxServer) {
      this.stats.rejectedOverload++;
      this.reject(req, source, { status: 503, retryAfter: this.retryAfter, reason: 'overload' });
      return;
    }
    const verdict = this.admit?.(req, source);
    if (verdict) {
      this.stats.rejectedAdmission++;
      this.reject(req, source, verdict);
      return;
    }
    const ctx = this.serverContexts[this.transport.isReliable(source.protocol) ? 1 : 0];
    const tx: ServerTransaction =
      req.method === 'INVITE'
        ? new InviteServerTransaction(key, req, ctx, this.serverTu)
        : new NonInviteServerTransaction(key, req, ctx, this.serverTu);
    tx.target = source;
    tx.onTerminated = this.forgetServer;
    tx.onLinger = this.linger;
    this.inFlight++;
    tx.onSettled = this.settled;
    this.server.set(key, tx);
    if (tx instanceof InviteServerTransaction && this.autoTrying === true) tx.respond(createResponse(req, 100));
    if (req.method === 'CANCEL') {
      this.onCancel(req, tx);
      return;
    }
    this.emit('request', req, tx, source);
    if (tx instanceof InviteServerTransaction && this.autoTrying === 'unless-answered' && !tx.responded) {
      tx.respond(createResponse(req, 100));
    }
  }

  /** Moves a transaction that only lingers from the live table to the compact store. */
  private handOver(tx: ServerTransaction, ms: number): boolean {
    if (this.server.get(tx.key) !== tx) return false;
    if (tx instanceof NonInviteServerTransaction) {
      const final = tx.lastResponse;
      if (!final) return false;
      this.completed.addCompleted(tx.key, serializeToLatin1(final), ms);
    } else if (tx.state === 'accepted') {
      this.completed.addAccepted(tx.key, ms);
    } else {
      this.completed.addConfirmed(tx.key, ms);
    }
    this.server.delete(tx.key);
    return true;
  }

  /** A request matched a lingering transaction of the compact store. */
  private onLingering(match: CompletedMatch, req: SipRequest, source: PeerAddress): void {
    if (match.action === 'resend') {
      // the retransmission carries the same Via (received/rport stamped again), so same target
      this.transport.send(match.response, this.transport.responseTarget(req.via, source));
    }
    // 'accepted' (an INVITE retransmission) and 'absorb': nothing to send; ACKs never get here
  }

  private onCancel(cancel: SipRequest, tx: ServerTransaction): void {
    const inviteKey = serverKey(new SipRequest('INVITE', cancel.uri, cancel.headers));
    const invite = this.server.get(inviteKey);
    if (!(invite instanceof InviteServerTransaction)) {
      // an INVITE already answered and lingering in the store still exists: 200, no effect
      tx.respond(createResponse(cancel, this.completed.has(inviteKey) ? 200 : 481));
      return;
    }
    tx.respond(createResponse(cancel, 200));
    if (invite.finished) return;
    invite.respond(createResponse(invite.request, 487, { toTag: invite.localTag }));
    this.emit('cancel', cancel, invite);
  }

  private reject(req: SipRequest, source: PeerAddress, r: Rejection): void {
    const headers: Record<string, string> = {};
    if (r.retryAfter !== undefined) headers['Retry-After'] = String(r.retryAfter);
    if (r.reason !== undefined) headers['X-Reason'] = r.reason;
    this.sendStateless(createResponse(req, r.status, { headers, toTag: 'rw-reject' }), source);
    this.emit('rejected', req, r.status);
  }

  private onResponse(res: SipResponse, source: PeerAddress): void {
    const branch = res.via.branch;
    const tx = branch === undefined ? undefined : this.client.get(clientKey(branch, res.cseq.method));
    if (tx) tx.receiveResponse(res);
    else this.emit('strayResponse', res, source);
  }

  /**
   * Starts a client transaction: pushes our Via with a fresh branch (unless `keepVia`, used by
   * CANCEL which must reuse its INVITE's branch) and sends.
   */
  sendRequest(req: SipRequest, target: PeerAddress, tu: ClientTransactionUser, options: { keepVia?: boolean } = {}): ClientTransaction {
    if (req.method === 'ACK') throw new Error('ACK is not sent in a client transaction; use sendAck');
    if (!options.keepVia) {
      req.headers.prepend('Via', `${this.transport.viaSentBy(target.protocol)};branch=${generateBranch()};rport`);
    }
    if (!req.headers.has('max-forwards')) req.headers.append('Max-Forwards', 70);
    const branch = req.via.branch ?? generateBranch();
    const key = clientKey(branch, req.method);
    const ctx = this.clientContexts[this.transport.isReliable(target.protocol) ? 1 : 0];
    const tx: ClientTransaction =
      req.method === 'INVITE' ? new InviteClientTransaction(key, req, ctx, tu) : new NonInviteClientTransaction(key, req, ctx, tu);
    tx.target = target;
    tx.onTerminated = this.forgetClient;
    this.client.set(key, tx);
    tx.start();
    return tx;
  }

  /** ACK for a 2xx: its own branch, no transaction (RFC 3261 §13.2.2.4). A failure is a warning. */
  sendAck(ack: SipRequest, target: PeerAddress): void {
    if (ack.headers.getAll('via').length === 0) {
      ack.headers.prepend('Via', `${this.transport.viaSentBy(target.protocol)};branch=${generateBranch()};rport`);
    }
    this.transport.sendRequest(ack, target);
  }

  /** CANCEL for a pending INVITE client transaction (RFC 3261 §9.1). */
  cancel(invite: InviteClientTransaction, target: PeerAddress, tu: ClientTransactionUser): ClientTransaction {
    const r = invite.request;
    const h = new SipHeaders();
    const topVia = r.headers.getAll('via')[0];
    if (topVia !== undefined) h.append('Via', topVia);
    h.append('Max-Forwards', 70);
    h.append('From', r.headers.get('from') ?? '');
    h.append('To', r.headers.get('to') ?? '');
    h.append('Call-ID', r.callId);
    h.append('CSeq', `${r.cseq.seq} CANCEL`);
    for (const route of r.headers.getLines('route')) h.append('Route', route);
    return this.sendRequest(new SipRequest('CANCEL', r.uri, h), target, tu, { keepVia: true });
  }
}
