import { EventEmitter } from 'node:events';
import { buildAuthorization, pickChallenge, type DigestCredentials } from '../auth/digest.auth.js';
import { SipError } from '../errors/sip.error.js';
import { generateCallId, generateTag } from '../message/id.generator.js';
import { createRequest, type HeaderInit } from '../message/message.factory.js';
import type { SipRequest, SipResponse } from '../message/sip-message.model.js';
import { Dialog, dialogKey, dialogLookupKey, routeSetFrom, type DialogSender } from '../dialog/sip.dialog.js';
import { SourceRateLimiter, type SourceRateLimiterOptions } from '../overload/rate.limiter.js';
import { ExpiryQueue } from '../transaction/expiry.queue.js';
import { InviteClientTransaction } from '../transaction/invite-client.transaction.js';
import { InviteServerTransaction } from '../transaction/invite-server.transaction.js';
import type { ClientTransactionUser } from '../transaction/non-invite-client.transaction.js';
import { systemScheduler, type TimerConfig, type TimerScheduler } from '../transaction/timer.scheduler.js';
import { TransactionManager, type ClientTransaction, type ServerTransaction } from '../transaction/transaction.manager.js';
import { TcpTransport, type TcpTransportOptions } from '../transport/tcp.transport.js';
import { TransportLayer } from '../transport/transport.layer.js';
import type { PeerAddress, SipTransport, TransportProtocol } from '../transport/transport.types.js';
import { UdpTransport, type UdpTransportOptions } from '../transport/udp.transport.js';
import { IncomingRequest } from './incoming.request.js';
import type { Middleware, NextFunction } from './middleware.types.js';
import { OutgoingResponse } from './outgoing.response.js';
import { TwoXxRetransmitter, type Pending2xx } from './two-xx.retransmitter.js';

export interface SipStackOptions {
  /** UDP listener; `false` disables it. Default 127.0.0.1:5060. */
  readonly udp?: UdpTransportOptions | false;
  /** TCP listener; `false` disables it. Default 127.0.0.1:5060. */
  readonly tcp?: TcpTransportOptions | false;
  readonly maxMessageSize?: number;
  readonly timers?: Partial<TimerConfig>;
  readonly scheduler?: TimerScheduler;
  /** Server transactions in flight before new requests get 503 + Retry-After. */
  readonly maxServerTransactions?: number;
  readonly retryAfterSeconds?: number;
  /** Per-source REGISTER/INVITE rate limit; `false` disables it. */
  readonly rateLimit?: SourceRateLimiterOptions | false;
  /** Sent as `Server` / `User-Agent`. */
  readonly userAgent?: string;
  /** 100 Trying for INVITE: see `TransactionManagerOptions.autoTrying` (default `true`). */
  readonly autoTrying?: boolean | 'unless-answered';
}

export interface SipStackEvents {
  /** A middleware threw or passed an error; the request got a 500. */
  error: [err: Error, req: IncomingRequest | undefined];
  /** Non-fatal transport or protocol trouble. */
  warning: [err: Error];
  /** A dialog was created (UAS or UAC). */
  dialog: [dialog: Dialog];
}

export interface RequestOptions {
  readonly method: string;
  readonly headers?: HeaderInit;
  readonly body?: string | Buffer;
  /** From URI (default `sip:ringwell@<local address>`). */
  readonly from?: string;
  readonly to?: string;
  readonly auth?: DigestCredentials;
  /** Send to this URI instead of resolving the Request-URI (outbound proxy). */
  readonly proxy?: string;
  readonly onProvisional?: (res: SipResponse) => void;
}

export interface UacOptions extends Omit<RequestOptions, 'method'> {
  readonly localSdp?: string;
  /** Aborting sends CANCEL (once a provisional arrived) and rejects with the 487. */
  readonly signal?: AbortSignal;
}

export interface UasOptions {
  readonly localSdp?: string;
  readonly headers?: HeaderInit;
}

interface SentAck {
  readonly ack: SipRequest;
  readonly target: PeerAddress;
}

/**
 * The application API, in the spirit of drachtio-srf: middleware per method, `createUAS`,
 * `createUAC`, `request`. Owns the transport and transaction layers and the dialogs.
 */
export class SipStack extends EventEmitter<SipStackEvents> {
  readonly transport: TransportLayer;
  readonly transactions: TransactionManager;
  readonly rateLimiter: SourceRateLimiter | undefined;
  private readonly scheduler: TimerScheduler;
  private readonly userAgent: string;
  private readonly middleware: { method: string | undefined; fn: Middleware }[] = [];
  private readonly dialogs = new Map<string, Dialog>();
  private readonly pending2xx = new Map<string, Pending2xx>();
  private readonly retransmitter: TwoXxRetransmitter;
  /** Middleware that applies to each method, built on first use (cleared by `use`). */
  private readonly chains = new Map<string, Middleware[]>();
  private readonly acks = new Map<string, SentAck>();
  /** Forgets the ACKs of `acks` after 64·T1, with one timer for all of them. */
  private readonly ackExpiry: ExpiryQueue;
  /**
   * The last local SDP sent in a 2xx and its bytes. A UAS answers call after call with the same
   * SDP text; it is encoded once, and the response bodies share the bytes (bodies are read-only,
   * like the shared empty body).
   */
  private sdpText: string | undefined;
  private sdpBytes: Buffer | undefined;
  private readonly dialogSender: DialogSender = {
    request: (dialog, req) => this.inDialogRequest(dialog, req),
    release: (dialog) => this.releaseDialog(dialog),
  };

  constructor(options: SipStackOptions = {}) {
    super();
    const transports: SipTransport[] = [];
    const max = options.maxMessageSize;
    if (options.udp !== false) transports.push(new UdpTransport({ maxMessageSize: max, ...options.udp }));
    if (options.tcp !== false) transports.push(new TcpTransport({ maxMessageSize: max, ...options.tcp }));
    this.transport = new TransportLayer(transports, max === undefined ? {} : { maxMessageSize: max });
    this.rateLimiter = options.rateLimit === false ? undefined : new SourceRateLimiter(options.rateLimit ?? {});
    this.scheduler = options.scheduler ?? systemScheduler;
    this.userAgent = options.userAgent ?? 'Ringwell';
    const limiter = this.rateLimiter;
    this.transactions = new TransactionManager(this.transport, {
      ...(options.timers ? { timers: options.timers } : {}),
      scheduler: this.scheduler,
      ...(options.maxServerTransactions !== undefined ? { maxServerTransactions: options.maxServerTransactions } : {}),
      ...(options.retryAfterSeconds !== undefined ? { retryAfterSeconds: options.retryAfterSeconds } : {}),
      ...(options.autoTrying !== undefined ? { autoTrying: options.autoTrying } : {}),
      ...(limiter ? { admit: (req, source) => limiter.check(req, source) } : {}),
    });
    this.ackExpiry = new ExpiryQueue(64 * this.transactions.timers.T1, this.scheduler, (key) => this.acks.delete(key));
    this.retransmitter = new TwoXxRetransmitter(this.transactions.timers, this.scheduler, (pending) => this.noAck(pending));
    this.transport.on('warning', (err) => this.warn(err));
    this.transactions.on('request', (req, tx, source) => this.onRequest(req, tx, source));
    this.transactions.on('ack', (ack) => this.onAck(ack));
    this.transactions.on('cancel', (cancel, invite) => this.onCancel(cancel, invite));
    this.transactions.on('strayResponse', (res) => this.onStrayResponse(res));
    this.transactions.on('serverFailure', (_tx, err) => this.warn(err));
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  async listen(): Promise<this> {
    await this.transport.listen();
    return this;
  }

  async close(): Promise<void> {
    this.pending2xx.clear();
    this.retransmitter.clear();
    this.transactions.close();
    this.ackExpiry.clear();
    this.acks.clear();
    await this.transport.close();
  }

  address(protocol: TransportProtocol): { address: string; port: number } {
    return this.transport.local(protocol);
  }

  get dialogCount(): number {
    return this.dialogs.size;
  }

  // ---- middleware --------------------------------------------------------------------------

  use(fn: Middleware): this;
  use(method: string, fn: Middleware): this;
  use(a: string | Middleware, b?: Middleware): this {
    if (typeof a === 'function') this.middleware.push({ method: undefined, fn: a });
    else if (b) this.middleware.push({ method: a.toUpperCase(), fn: b });
    this.chains.clear();
    return this;
  }

  invite(fn: Middleware): this {
    return this.use('INVITE', fn);
  }

  register(fn: Middleware): this {
    return this.use('REGISTER', fn);
  }

  options(fn: Middleware): this {
    return this.use('OPTIONS', fn);
  }

  message(fn: Middleware): this {
    return this.use('MESSAGE', fn);
  }

  private warn(err: Error): void {
    if (this.listenerCount('warning') > 0) this.emit('warning', err);
  }

  private decorate = (res: SipResponse): void => {
    if (!res.headers.hasKey('server')) res.headers.appendKnown('Server', 'server', this.userAgent);
  };

  private onRequest(msg: SipRequest, tx: ServerTransaction, source: PeerAddress): void {
    const req = new IncomingRequest(msg, source, tx);
    const res = new OutgoingResponse(tx, this.decorate);
    // only an INVITE can be canceled (see onCancel)
    if (tx instanceof InviteServerTransaction) tx.cancelListener = req;
    if (msg.maxForwards === 0 && msg.method !== 'OPTIONS') {
      res.send(483);
      return;
    }
    if (msg.to.tag !== undefined) {
      this.onInDialog(req, res);
      return;
    }
    this.runMiddleware(req, res);
  }

  private runMiddleware(req: IncomingRequest, res: OutgoingResponse): void {
    const method = req.method;
    let chain = this.chains.get(method);
    if (chain === undefined) {
      chain = this.middleware.filter((m) => m.method === undefined || m.method === method).map((m) => m.fn);
      this.chains.set(method, chain);
    }
    let index = 0;
    const fail = (err: unknown): void => {
      const error = err instanceof Error ? err : new Error(String(err));
      if (!res.finalSent) res.send(500, { headers: { 'X-Reason': error.name } });
      if (this.listenerCount('error') > 0) this.emit('error', error, req);
    };
    const next: NextFunction = (err?: unknown) => {
      if (err !== undefined) {
        fail(err);
        return;
      }
      if (res.finalSent) return;
      const layer = chain[index++];
      if (!layer) {
        this.defaultAnswer(req, res);
        return;
      }
      try {
        const out = layer(req, res, next);
        if (out instanceof Promise) out.catch(fail);
      } catch (e) {
        fail(e);
      }
    };
    next();
  }

  private defaultAnswer(req: IncomingRequest, res: OutgoingResponse): void {
    if (req.method === 'OPTIONS') res.send(200, { headers: { Allow: 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, MESSAGE, NOTIFY' } });
    else res.send(req.method === 'INVITE' || req.method === 'REGISTER' ? 404 : 501);
  }

  // ---- dialogs (shared) ---------------------------------------------------------------------

  private onInDialog(req: IncomingRequest, res: OutgoingResponse): void {
    const msg = req.msg;
    const key = dialogLookupKey(msg.callId, msg.to.tag, msg.from.tag);
    const dialog = this.dialogs.get(key);
    if (!dialog) {
      res.send(481);
      return;
    }
    if (msg.cseq.seq <= dialog.remoteSeq) {
      res.send(500, { reason: 'CSeq Out of Order' });
      return;
    }
    dialog.remoteSeq = msg.cseq.seq;
    if ((msg.method === 'INVITE' || msg.method === 'UPDATE') && isSdpBody(msg)) {
      // the offer changes the session only if it is accepted, whoever answers it
      const sdp = msg.bodyText;
      res.onFinal = (status) => {
        if (status < 300) dialog.acceptRemoteSdp(sdp, msg);
      };
    }
    if (msg.method === 'BYE') {
      res.send(200);
      dialog.terminate(msg);
      return;
    }
    const contact = msg.contact;
    if (msg.method === 'INVITE' && contact) dialog.remoteTarget = contact.uri;
    if (dialog.listenerCount('request') > 0) {
      dialog.emit('request', req, res);
      return;
    }
    if (msg.method === 'INVITE') {
      // Session refresh or hold without an application handler: answer with the current SDP.
      this.answerInvite(req, res, dialog.key, dialog.localSdp, undefined, (err) => {
        if (err) this.warn(err);
      });
      return;
    }
    res.send(200);
  }

  /** Sends an in-dialog request and resolves with the final response (ACKs a re-INVITE's 2xx). */
  private async inDialogRequest(dialog: Dialog, req: SipRequest): Promise<SipResponse> {
    const target = this.dialogTarget(dialog);
    const final = await this.transact(req, target, undefined);
    if (req.method === 'INVITE' && final.status >= 200 && final.status < 300) {
      const ack = dialog.buildRequest('ACK');
      ack.headers.set('CSeq', `${req.cseq.seq} ACK`);
      this.transactions.sendAck(ack, target);
    }
    return final;
  }

  /** Forgets a terminated dialog. */
  private releaseDialog(dialog: Dialog): void {
    this.dialogs.delete(dialog.key);
  }

  /**
   * Where in-dialog requests go: back on the dialog's TCP flow when it has one (RFC 5626 spirit),
   * else to the first route or the remote target. The flow is a field of the dialog, so it lives
   * exactly as long as the dialog object (a BYE sent after `destroy()` still reads it).
   */
  private dialogTarget(dialog: Dialog): PeerAddress {
    const flow = dialog.flow;
    if (flow && flow.protocol === 'tcp') return flow;
    return this.transport.resolve(dialog.routeSet[0] ?? dialog.remoteTarget);
  }

  private addDialog(dialog: Dialog, flow: PeerAddress): void {
    dialog.flow = flow;
    this.dialogs.set(dialog.key, dialog);
    if (this.listenerCount('dialog') > 0) this.emit('dialog', dialog);
  }

  // ---- UAS ----------------------------------------------------------------------------------

  /**
   * Answers an INVITE with 200 (SDP in `localSdp`) and resolves with the dialog once the ACK
   * arrives. The 2xx is retransmitted (T1 doubling to T2) until then (RFC 3261 §13.3.1.4); with no
   * ACK after 64*T1 the dialog is torn down with BYE and the promise rejects.
   */
  createUAS(req: IncomingRequest, res: OutgoingResponse, options: UasOptions = {}): Promise<Dialog> {
    const msg = req.msg;
    if (msg.method !== 'INVITE') return Promise.reject(new SipError('SIP_ERR_INVALID_STATE', 'createUAS needs an INVITE'));
    if (req.canceled || res.finalSent) return Promise.reject(new SipError('SIP_ERR_INVALID_STATE', 'INVITE already answered or canceled'));
    let dialog: Dialog;
    try {
      dialog = new Dialog(
        {
          role: 'uas',
          id: { callId: msg.callId, localTag: res.localTag, remoteTag: msg.from.tag ?? '' },
          localUri: msg.to.uri,
          remoteUri: msg.from.uri,
          remoteTarget: msg.contact?.uri ?? msg.from.uri,
          routeSet: msg.headers.hasKey('record-route') ? routeSetFrom(msg.headers.getAll('record-route'), 'uas') : [],
          localSeq: 0,
          remoteSeq: msg.cseq.seq,
          localContact: this.transport.contactUri(req.source.protocol),
          localSdp: options.localSdp,
          remoteSdp: msg.body.length > 0 ? msg.bodyText : undefined,
        },
        this.dialogSender,
      );
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return new Promise<Dialog>((resolve, reject) => {
      const settle = (err: Error | undefined): void => {
        if (!err) {
          resolve(dialog);
          return;
        }
        this.dialogs.delete(dialog.key);
        dialog.destroy().catch((byeErr: unknown) => this.warn(byeErr instanceof Error ? byeErr : new Error(String(byeErr))));
        reject(err);
      };
      try {
        this.addDialog(dialog, req.source);
        this.answerInvite(req, res, dialog.key, options.localSdp, options.headers, settle);
      } catch (err) {
        // a `dialog` listener or the application's headers threw: same clean-up as a failed answer
        settle(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  /**
   * Sends the 2xx and has it retransmitted until the ACK; `settle` is called once, without an
   * error when the ACK came. A callback rather than a promise: this runs for every call.
   */
  private answerInvite(
    req: IncomingRequest,
    res: OutgoingResponse,
    key: string,
    localSdp: string | undefined,
    extra: HeaderInit | undefined,
    settle: (err: Error | undefined) => void,
  ): void {
    const contact = this.transport.contactHeader(req.source.protocol);
    const headers: HeaderInit =
      localSdp === undefined
        ? extra === undefined
          ? { Contact: contact }
          : { Contact: contact, ...extra }
        : extra === undefined
          ? { Contact: contact, 'Content-Type': 'application/sdp' }
          : { Contact: contact, ...extra, 'Content-Type': 'application/sdp' };
    const sent = res.send(200, localSdp === undefined ? { headers } : { headers, body: this.sdpBody(localSdp) });
    const tx = req.tx;
    if (!sent || !(tx instanceof InviteServerTransaction)) {
      settle(new SipError('SIP_ERR_INVALID_STATE', 'could not send 200 to the INVITE'));
      return;
    }
    this.pending2xx.get(key)?.finish(new SipError('SIP_ERR_INVALID_STATE', 'superseded by a new 2xx'));
    const pending = this.retransmitter.start(key, sent, tx, (err) => {
      if (this.pending2xx.get(key) === pending) this.pending2xx.delete(key);
      settle(err);
    });
    this.pending2xx.set(key, pending);
  }

  private sdpBody(sdp: string): Buffer {
    if (this.sdpBytes === undefined || this.sdpText !== sdp) {
      this.sdpBytes = Buffer.from(sdp, 'utf8');
      this.sdpText = sdp;
    }
    return this.sdpBytes;
  }

  /** 64*T1 without an ACK for a 2xx (the retransmitter gave up). */
  private noAck(pending: Pending2xx): void {
    pending.finish(new SipError('SIP_ERR_TRANSACTION_TIMEOUT', 'no ACK for 2xx'));
  }

  private onAck(ack: SipRequest): void {
    const key = dialogLookupKey(ack.callId, ack.to.tag, ack.from.tag);
    const dialog = this.dialogs.get(key);
    if (!dialog) return;
    const pending = this.pending2xx.get(key);
    if (pending && pending.seq === ack.cseq.seq) {
      // the answer to an offer we made in the 2xx: the first SDP of a late-offer call, or a change
      if (isSdpBody(ack)) {
        if (dialog.remoteSdp === undefined) dialog.remoteSdp = ack.bodyText;
        else dialog.acceptRemoteSdp(ack.bodyText, ack);
      }
      pending.finish(undefined);
    }
    dialog.emit('ack', ack);
  }

  private onCancel(cancel: SipRequest, invite: InviteServerTransaction): void {
    invite.cancelListener?.onCanceled(cancel);
  }

  // ---- UAC ----------------------------------------------------------------------------------

  private localUri(protocol: TransportProtocol, explicit: string | undefined): string {
    return explicit ?? this.transport.contactUri(protocol, 'ringwell').replace(/;transport=\w+$/, '');
  }

  /**
   * Runs one client transaction and resolves with its final response (2xx included). Retries
   * once with digest credentials on 401/407 when `auth` is given.
   */
  private transact(
    req: SipRequest,
    target: PeerAddress,
    options: Pick<RequestOptions, 'auth' | 'onProvisional'> | undefined,
    onTx?: (tx: ClientTransaction) => void,
    on2xx?: (res: SipResponse) => void,
  ): Promise<SipResponse> {
    return new Promise<SipResponse>((resolve, reject) => {
      let settled = false;
      const tu: ClientTransactionUser = {
        onResponse: (res) => {
          if (res.status < 200) {
            options?.onProvisional?.(res);
            return;
          }
          if (res.status < 300) on2xx?.(res);
          if (settled) return;
          settled = true;
          resolve(res);
        },
        onTimeout: () => {
          if (!settled) reject(new SipError('SIP_ERR_TRANSACTION_TIMEOUT', `${req.method} ${req.uri}`));
          settled = true;
        },
        onTransportError: (err) => {
          if (!settled) reject(new SipError('SIP_ERR_TRANSPORT', err.message, undefined, { cause: err }));
          settled = true;
        },
      };
      const tx = this.transactions.sendRequest(req, target, tu);
      onTx?.(tx);
    }).then((final) => {
      const auth = options?.auth;
      if ((final.status !== 401 && final.status !== 407) || !auth || req.headers.has(final.status === 401 ? 'authorization' : 'proxy-authorization')) {
        return final;
      }
      const challenge = pickChallenge(final.auth(final.status === 401 ? 'www-authenticate' : 'proxy-authenticate'));
      if (!challenge) return final;
      const retry = req.headers.clone();
      retry.shift('via');
      retry.set('CSeq', `${req.cseq.seq + 1} ${req.method}`);
      retry.set(final.status === 401 ? 'Authorization' : 'Proxy-Authorization', buildAuthorization(challenge, auth, req.method, req.uri, req.body));
      const next = createRequest({ method: req.method, uri: req.uri, body: req.body });
      next.headers = retry;
      return this.transact(next, target, options, onTx, on2xx);
    });
  }

  private outOfDialogRequest(uri: string, options: RequestOptions, target: PeerAddress): SipRequest {
    const local = this.localUri(target.protocol, options.from);
    return createRequest({
      method: options.method,
      uri,
      headers: {
        From: `<${local}>;tag=${generateTag()}`,
        To: `<${options.to ?? uri}>`,
        'Call-ID': generateCallId(),
        CSeq: `1 ${options.method}`,
        'Max-Forwards': 70,
        'User-Agent': this.userAgent,
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: options.body } : {}),
    });
  }

  /** Sends an out-of-dialog request (OPTIONS, REGISTER, MESSAGE…) and resolves with the final response. */
  async request(uri: string, options: RequestOptions): Promise<SipResponse> {
    const target = this.transport.resolve(options.proxy ?? uri);
    return this.transact(this.outOfDialogRequest(uri, options, target), target, options);
  }

  /**
   * Places a call: INVITE, ACK of the 2xx, dialog. Rejects with a `SipError` carrying the final
   * response for 3xx–6xx, or a timeout/transport error.
   */
  async createUAC(uri: string, options: UacOptions = {}): Promise<Dialog> {
    const target = this.transport.resolve(options.proxy ?? uri);
    const contact = this.transport.contactUri(target.protocol);
    const headers: Record<string, string | number | readonly string[]> = { Contact: `<${contact}>`, ...options.headers };
    if (options.localSdp !== undefined) headers['Content-Type'] = 'application/sdp';
    const invite = this.outOfDialogRequest(uri, { ...options, method: 'INVITE', headers, ...(options.localSdp !== undefined ? { body: options.localSdp } : {}) }, target);
    let current: ClientTransaction | undefined;
    let cancelWanted = false;
    let provisional = false;
    const cancel = (): void => {
      if (current instanceof InviteClientTransaction && current.state === 'proceeding') {
        this.transactions.cancel(current, target, { onResponse: () => undefined, onTimeout: () => undefined, onTransportError: () => undefined });
      }
    };
    options.signal?.addEventListener('abort', () => {
      cancelWanted = true;
      if (provisional) cancel();
    });
    let dialog: Dialog | undefined;
    const hungUpForks = new Set<string>();
    const on2xx = (res: SipResponse): void => {
      let answered = dialog;
      let extraFork = false;
      if (!answered) {
        answered = this.uacDialog(invite, res, target, contact, options.localSdp);
        dialog = answered;
      } else if (res.to.tag !== answered.id.remoteTag) {
        // 2xx from another fork (RFC 3261 §13.2.2.4): ACK it, then hang that leg up.
        const key = dialogKey({ callId: invite.callId, localTag: answered.id.localTag, remoteTag: res.to.tag ?? '' });
        answered = this.dialogs.get(key) ?? this.uacDialog(invite, res, target, contact, options.localSdp);
        extraFork = !hungUpForks.has(key);
        hungUpForks.add(key);
      }
      const sent = this.acks.get(answered.key);
      if (sent) this.transactions.sendAck(sent.ack, sent.target);
      if (extraFork) answered.destroy().catch((err: unknown) => this.warn(err as Error));
    };
    const final = await this.transact(
      invite,
      target,
      {
        ...(options.auth ? { auth: options.auth } : {}),
        onProvisional: (res) => {
          provisional = true;
          options.onProvisional?.(res);
          if (cancelWanted) cancel();
        },
      },
      (tx) => {
        current = tx;
      },
      on2xx,
    );
    if (final.status >= 300 || !dialog) throw new SipError('SIP_ERR_FINAL_RESPONSE', `${final.status} ${final.reason}`, final);
    return dialog;
  }

  private uacDialog(invite: SipRequest, res: SipResponse, flow: PeerAddress, contact: string, localSdp: string | undefined): Dialog {
    const dialog = new Dialog(
      {
        role: 'uac',
        id: { callId: invite.callId, localTag: invite.from.tag ?? '', remoteTag: res.to.tag ?? '' },
        localUri: invite.from.uri,
        remoteUri: invite.to.uri,
        remoteTarget: res.contact?.uri ?? invite.uri,
        routeSet: routeSetFrom(res.headers.getAll('record-route'), 'uac'),
        localSeq: res.cseq.seq,
        remoteSeq: 0,
        localContact: contact,
        localSdp,
        remoteSdp: res.body.length > 0 ? res.bodyText : undefined,
      },
      this.dialogSender,
    );
    this.addDialog(dialog, flow);
    const ack = dialog.buildRequest('ACK');
    ack.headers.set('CSeq', `${res.cseq.seq} ACK`);
    const target = this.dialogTarget(dialog);
    // The ACK is kept to answer 2xx retransmissions for as long as they can arrive.
    if (!this.acks.has(dialog.key)) this.ackExpiry.push(dialog.key);
    this.acks.set(dialog.key, { ack, target });
    return dialog;
  }

  private onStrayResponse(res: SipResponse): void {
    if (res.cseq.method !== 'INVITE' || res.status < 200 || res.status >= 300) return;
    const key = dialogLookupKey(res.callId, res.from.tag, res.to.tag);
    const sent = this.acks.get(key);
    if (sent) this.transactions.sendAck(sent.ack, sent.target);
  }
}

/** Factory in drachtio-srf style. */
export function createServer(options: SipStackOptions = {}): SipStack {
  return new SipStack(options);
}

/** A body that is an SDP: `application/sdp`, or (leniently) a body without a Content-Type. */
function isSdpBody(msg: SipRequest): boolean {
  if (msg.body.length === 0) return false;
  const type = msg.contentType;
  return type === undefined || type.toLowerCase().startsWith('application/sdp');
}
