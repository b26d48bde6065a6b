import net from 'node:net';
import { encodeCommand, RespParser, RespReplyError } from './resp.codec.js';
import type { RespValue } from './resp.codec.js';

export interface RespEndpoint {
  readonly host: string;
  readonly port: number;
}

export interface RespLinkOptions {
  /** Where the primary is now; asked again on every (re)connect (see sentinelResolver). */
  readonly resolve: () => Promise<RespEndpoint>;
  readonly password?: string;
  /** Shown in CLIENT LIST, so an operator can tell the ACD links from other clients. */
  readonly clientName?: string;
  /** How long a command waits for a connection (during a failover) before it fails. */
  readonly reconnectWindowMs?: number;
  /** A command without a reply for this long fails, and the connection is dropped. */
  readonly commandTimeoutMs?: number;
}

/** The link could not carry a command; `maybeRan` says whether Redis may have run it anyway. */
export class RespLinkError extends Error {
  override readonly name = 'RespLinkError';
  readonly code = 'RW_ERR_REDIS_UNAVAILABLE';
  constructor(
    message: string,
    readonly maybeRan: boolean,
  ) {
    super(message);
  }
}

interface Pending {
  readonly resolve: (v: RespValue) => void;
  readonly reject: (e: Error) => void;
  readonly at: number;
  /** Internal commands (AUTH, ROLE) sent on connect, checked by the link itself. */
  readonly internal?: boolean;
}

/**
 * One pipelined connection to the Redis primary for the ACD's hot path: commands go out as they
 * come, replies are matched in order. What ioredis does generically, with the few features the
 * ACD needs:
 * - commands issued while disconnected wait up to `reconnectWindowMs` for a connection (a
 *   Sentinel failover takes ~2.5 s here), then fail with RW_ERR_REDIS_UNAVAILABLE;
 * - commands in flight when the connection drops fail at once with `maybeRan: true`: they are
 *   never re-sent, since a script may have run (the ACD's scripts are safe to retry by the
 *   caller: enqueue is idempotent on the call id, the others compare-and-set);
 * - every connection is checked with ROLE, and a READONLY reply drops it: after a failover
 *   the link never keeps writing to a demoted primary.
 */
export class RespLink {
  /** The connection being set up or in use. */
  private socket: net.Socket | null = null;
  /** The same once AUTH and ROLE passed: only then do callers' commands go out on it. */
  private live: net.Socket | null = null;
  private connecting: Promise<void> | null = null;
  private readonly pending: Pending[] = [];
  private head = 0;
  private waiting: Array<{ args: readonly string[]; resolve: (v: RespValue) => void; reject: (e: Error) => void }> = [];
  private closed = false;
  private watchdog: NodeJS.Timeout | null = null;
  private readonly reconnectWindowMs: number;
  private readonly commandTimeoutMs: number;
  private endpoint = '';

  constructor(private readonly options: RespLinkOptions) {
    this.reconnectWindowMs = options.reconnectWindowMs ?? 10_000;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 5_000;
  }

  /** Sends one command; resolves with its reply, rejects with RespReplyError on an error reply. */
  call(args: readonly string[]): Promise<RespValue> {
    if (this.closed) return Promise.reject(new RespLinkError('the Redis link is closed', false));
    const s = this.live;
    if (s !== null) {
      return new Promise<RespValue>((resolve, reject) => {
        this.pending.push({ resolve, reject, at: Date.now() });
        s.write(encodeCommand(args));
      });
    }
    return new Promise<RespValue>((resolve, reject) => {
      this.waiting.push({ args, resolve, reject });
      this.connect();
    });
  }

  close(): void {
    this.closed = true;
    this.drop(new RespLinkError('the Redis link was closed', true));
    for (const w of this.waiting.splice(0)) w.reject(new RespLinkError('the Redis link was closed', false));
  }

  private connect(): void {
    if (this.connecting !== null) return;
    const deadline = Date.now() + this.reconnectWindowMs;
    this.connecting = (async () => {
      let lastError = '';
      for (let attempt = 0; !this.closed; attempt++) {
        try {
          await this.open();
          return;
        } catch (err) {
          lastError = (err as Error).message;
        }
        if (Date.now() >= deadline) break;
        await new Promise((r) => setTimeout(r, Math.min(50 * (attempt + 1), 500)));
      }
      const e = new RespLinkError(`no Redis primary reachable within ${this.reconnectWindowMs} ms: ${lastError}`, false);
      for (const w of this.waiting.splice(0)) w.reject(e);
    })().finally(() => {
      this.connecting = null;
      // Commands that came in while the last attempt failed get their own window.
      if (this.waiting.length > 0 && !this.closed) this.connect();
    });
  }

  /** Connects, authenticates, checks the role, then sends what waited. Throws on any failure. */
  private async open(): Promise<void> {
    const ep = await this.options.resolve();
    const socket = net.connect(ep.port, ep.host);
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`connect to ${ep.host}:${ep.port} timed out`)), 2000);
      socket.once('connect', () => (clearTimeout(t), resolve()));
      socket.once('error', (e) => (clearTimeout(t), reject(e)));
    }).catch((e: unknown) => {
      socket.destroy();
      throw e;
    });
    if (this.closed) {
      // close() ran while this connection was being made: nobody will use or close it.
      socket.destroy();
      throw new Error('the Redis link was closed');
    }
    this.endpoint = `${ep.host}:${ep.port}`;
    const parser = new RespParser((v) => this.reply(v));
    socket.on('data', (chunk: Buffer) => {
      try {
        parser.feed(chunk);
      } catch (err) {
        this.drop(new RespLinkError(`Redis at ${this.endpoint} sent bytes that are not RESP (${(err as Error).message})`, true));
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.socket === socket) this.drop(new RespLinkError(`connection to Redis at ${this.endpoint} lost; the command may or may not have run`, true));
    });
    this.socket = socket;
    const internal = (args: readonly string[]): Promise<RespValue> =>
      new Promise<RespValue>((resolve, reject) => {
        this.pending.push({ resolve, reject, at: Date.now(), internal: true });
        socket.write(encodeCommand(args));
      });
    try {
      if (this.options.password) await internal(['AUTH', this.options.password]);
      if (this.options.clientName) await internal(['CLIENT', 'SETNAME', this.options.clientName]);
      const role = await internal(['ROLE']);
      if (!Array.isArray(role) || role[0] !== 'master') throw new Error(`Redis at ${this.endpoint} is not a primary (ROLE ${String(Array.isArray(role) ? role[0] : role)})`);
    } catch (err) {
      this.drop(new RespLinkError(`Redis at ${this.endpoint} refused the connection setup`, false));
      throw err;
    }
    this.live = socket;
    this.startWatchdog();
    for (const w of this.waiting.splice(0)) {
      this.pending.push({ resolve: w.resolve, reject: w.reject, at: Date.now() });
      socket.write(encodeCommand(w.args));
    }
  }

  private reply(v: RespValue): void {
    const p = this.pending[this.head];
    if (p === undefined) {
      this.drop(new RespLinkError(`Redis at ${this.endpoint} sent a reply nobody asked for`, true));
      return;
    }
    this.pending[this.head] = undefined as unknown as Pending;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending.splice(0, this.head);
      this.head = 0;
    }
    if (v instanceof RespReplyError) {
      p.reject(v);
      // A demoted primary: every further write would fail the same way. Reconnect (re-resolve).
      if (v.message.startsWith('READONLY')) this.drop(new RespLinkError(`Redis at ${this.endpoint} is read-only now (failover?)`, true));
    } else p.resolve(v);
  }

  /** Fails everything in flight and forgets the socket; the next call reconnects. */
  private drop(err: RespLinkError): void {
    const s = this.socket;
    this.socket = null;
    this.live = null;
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.watchdog = null;
    const inFlight = this.pending.splice(this.head);
    this.pending.length = 0;
    this.head = 0;
    for (const p of inFlight) p.reject(err);
    s?.destroy();
  }

  /** One timer for all commands: the oldest unanswered one is checked against the timeout. */
  private startWatchdog(): void {
    const every = Math.max(10, Math.floor(this.commandTimeoutMs / 4));
    this.watchdog = setInterval(() => {
      const oldest = this.pending[this.head];
      if (oldest !== undefined && Date.now() - oldest.at > this.commandTimeoutMs) {
        this.drop(new RespLinkError(`Redis at ${this.endpoint} did not answer within ${this.commandTimeoutMs} ms; the command may or may not have run`, true));
      }
    }, every);
    this.watchdog.unref();
  }
}

/**
 * Asks the Sentinels, in order, where the primary named `masterName` is now (SENTINEL
 * get-master-addr-by-name), 1 s per Sentinel.
 */
export function sentinelResolver(sentinels: readonly RespEndpoint[], masterName: string): () => Promise<RespEndpoint> {
  return async () => {
    const errors: string[] = [];
    for (const s of sentinels) {
      try {
        const r = await oneShot(s, ['SENTINEL', 'get-master-addr-by-name', masterName], 1000);
        if (Array.isArray(r) && typeof r[0] === 'string' && typeof r[1] === 'string') return { host: r[0], port: Number(r[1]) };
        errors.push(`${s.host}:${s.port} knows no primary "${masterName}"`);
      } catch (err) {
        errors.push(`${s.host}:${s.port}: ${(err as Error).message}`);
      }
    }
    throw new Error(`no Sentinel named the Redis primary: ${errors.join('; ')}`);
  };
}

/** One command on a fresh connection, then close. */
function oneShot(ep: RespEndpoint, args: readonly string[], timeoutMs: number): Promise<RespValue> {
  return new Promise<RespValue>((resolve, reject) => {
    const socket = net.connect(ep.port, ep.host);
    const done = (f: () => void): void => {
      clearTimeout(t);
      socket.destroy();
      f();
    };
    const t = setTimeout(() => done(() => reject(new Error('timed out'))), timeoutMs);
    const parser = new RespParser((v) => done(() => (v instanceof RespReplyError ? reject(v) : resolve(v))));
    socket.on('connect', () => socket.write(encodeCommand(args)));
    socket.on('data', (c: Buffer) => {
      try {
        parser.feed(c);
      } catch (err) {
        done(() => reject(err as Error));
      }
    });
    socket.on('error', (e) => done(() => reject(e)));
  });
}
