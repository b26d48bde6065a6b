import { EventEmitter } from 'node:events';
import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { parseMessage } from '../message/message.parser.js';
import type { SipResponse, SipRequest } from '../message/sip-message.model.js';
import { createRequest, createResponse } from '../message/message.factory.js';
import { serializeMessage } from '../message/message.serializer.js';
import { TransportLayer } from '../transport/transport.layer.js';
import type { PeerAddress, SipTransport, TransportEvents, TransportStats } from '../transport/transport.types.js';
import { TransactionManager, type ServerTransaction } from './transaction.manager.js';

/** In-memory transport: `inject` delivers bytes as if received, `sent` records what went out. */
class FakeTransport extends EventEmitter<TransportEvents> implements SipTransport {
  readonly protocol = 'udp';
  readonly reliable = false;
  readonly stats: TransportStats = { framesIn: 0, framesOut: 0, framingErrors: 0, sendErrors: 0 };
  readonly sent: { data: string; target: PeerAddress }[] = [];
  listen(): Promise<{ address: string; port: number }> {
    return Promise.resolve({ address: '127.0.0.1', port: 5060 });
  }
  send(data: Buffer, target: PeerAddress): Promise<void> {
    this.sent.push({ data: data.toString(), target });
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
  inject(text: string): void {
    this.emit('frame', Buffer.from(text), { protocol: 'udp', address: '127.0.0.1', port: 5070 });
  }
  responses(): SipResponse[] {
    return this.sent.map((s) => parseMessage(Buffer.from(s.data))).filter((m): m is SipResponse => m.kind === 'response');
  }
}

const PEER = '127.0.0.1:5070';

function req(method: string, branch: string, extra = ''): string {
  return (
    `${method} sip:ua@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP ${PEER};branch=${branch}\r\nFrom: <sip:a@h>;tag=f1\r\n` +
    `To: <sip:ua@h>${extra}\r\nCall-ID: mgr-${branch}\r\nCSeq: 1 ${method}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`
  );
}

async function setup(options: ConstructorParameters<typeof TransactionManager>[1] = {}): Promise<{
  fake: FakeTransport;
  mgr: TransactionManager;
  seen: { req: SipRequest; tx: ServerTransaction }[];
}> {
  const fake = new FakeTransport();
  const layer = new TransportLayer([fake]);
  await layer.listen();
  const mgr = new TransactionManager(layer, options);
  const seen: { req: SipRequest; tx: ServerTransaction }[] = [];
  mgr.on('request', (r, tx) => seen.push({ req: r, tx }));
  return { fake, mgr, seen };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('TransactionManager', () => {
  it('sends 100 Trying for a new INVITE and absorbs its retransmission', async () => {
    const { fake, mgr, seen } = await setup();
    fake.inject(req('INVITE', 'z9hG4bKi1'));
    fake.inject(req('INVITE', 'z9hG4bKi1'));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toHaveLength(1);
    expect(fake.responses().map((r) => r.status)).toEqual([100, 100]);
    expect(mgr.serverCount).toBe(1);
  });

  it("with autoTrying 'unless-answered': no 100 when the TU answers while handling the INVITE, else 100 at once", async () => {
    const { fake, mgr } = await setup({ autoTrying: 'unless-answered' });
    mgr.on('request', (r, tx) => {
      if (r.callId === 'mgr-z9hG4bKsync') tx.respond(createResponse(r, 200, { toTag: 't' }));
    });
    fake.inject(req('INVITE', 'z9hG4bKsync'));
    fake.inject(req('INVITE', 'z9hG4bKlater'));
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.responses().map((r) => `${r.status} ${r.callId}`)).toEqual(['200 mgr-z9hG4bKsync', '100 mgr-z9hG4bKlater']);
  });

  it('frees completed server transactions on time (bounded memory)', async () => {
    const { fake, mgr, seen } = await setup({ timers: { T1: 100 } });
    for (let i = 0; i < 50; i++) fake.inject(req('OPTIONS', `z9hG4bKo${i}`));
    expect(mgr.serverCount).toBe(50);
    for (const { req: r, tx } of seen) tx.respond(createResponse(r, 200, { toTag: 't' }));
    await vi.advanceTimersByTimeAsync(64 * 100 - 1);
    expect(mgr.serverCount).toBe(50);
    await vi.advanceTimersByTimeAsync(1);
    expect(mgr.serverCount).toBe(0);
  });

  it('hands settled transactions to the compact store: a retransmission after completion gets the same bytes', async () => {
    const { fake, mgr, seen } = await setup({ timers: { T1: 100 } });
    fake.inject(req('BYE', 'z9hG4bKbye1', ';tag=x'));
    const first = seen[0];
    if (!first) throw new Error('no request');
    first.tx.respond(createResponse(first.req, 200, { headers: { Server: 'Ringwell' } }));
    await vi.advanceTimersByTimeAsync(0);
    expect(mgr.findServer(first.tx.key)).toBeUndefined(); // the object is no longer in the live table
    expect(mgr.serverLingering).toBe(1);
    fake.inject(req('BYE', 'z9hG4bKbye1', ';tag=x'));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toHaveLength(1);
    expect(fake.sent).toHaveLength(2);
    expect(fake.sent[1]?.data).toBe(fake.sent[0]?.data);
    expect(fake.sent[1]?.target).toEqual({ protocol: 'udp', address: '127.0.0.1', port: 5070 });
    // Timer J (64*T1): then the same branch is a new transaction again
    await vi.advanceTimersByTimeAsync(6400);
    expect(mgr.serverCount).toBe(0);
    expect(first.tx.state).toBe('terminated');
    fake.inject(req('BYE', 'z9hG4bKbye1', ';tag=x'));
    expect(seen).toHaveLength(2);
  });

  it('an accepted INVITE in the store absorbs INVITE retransmissions, passes its ACK up, and CANCEL gets 200', async () => {
    const { fake, mgr, seen } = await setup();
    const acks: SipRequest[] = [];
    mgr.on('ack', (a) => acks.push(a));
    fake.inject(req('INVITE', 'z9hG4bKacc'));
    const inv = seen[0];
    if (!inv) throw new Error('no INVITE');
    inv.tx.respond(createResponse(inv.req, 200, { toTag: 't' }));
    expect(inv.tx.state).toBe('accepted');
    expect(mgr.serverLingering).toBe(1);
    fake.inject(req('INVITE', 'z9hG4bKacc'));
    fake.inject(req('ACK', 'z9hG4bKacc', ';tag=t'));
    fake.inject(req('CANCEL', 'z9hG4bKacc'));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toHaveLength(1); // the INVITE again was absorbed; the CANCEL is answered by the manager
    expect(acks).toHaveLength(1);
    expect(fake.responses().map((r) => `${r.status} ${r.cseq.method}`)).toEqual(['100 INVITE', '200 INVITE', '200 CANCEL']);
    // the TU still retransmits its 2xx through the object (RFC 6026)
    expect(inv.tx.respond(createResponse(inv.req, 200, { toTag: 't' }))).toBe(true);
    await vi.advanceTimersByTimeAsync(32_000);
    expect(inv.tx.state).toBe('terminated');
    expect(mgr.serverCount).toBe(0);
  });

  it('matches CANCEL to its INVITE: 200 to CANCEL, 487 to INVITE; 481 when nothing matches', async () => {
    const { fake, mgr } = await setup();
    const canceled: string[] = [];
    mgr.on('cancel', (c) => canceled.push(c.callId));
    fake.inject(req('INVITE', 'z9hG4bKc1'));
    fake.inject(req('CANCEL', 'z9hG4bKc1'));
    fake.inject(req('CANCEL', 'z9hG4bKnone'));
    await vi.advanceTimersByTimeAsync(0);
    const statuses = fake.responses().map((r) => `${r.status} ${r.cseq.method}`);
    expect(statuses).toEqual(['100 INVITE', '200 CANCEL', '487 INVITE', '481 CANCEL']);
    expect(canceled).toEqual(['mgr-z9hG4bKc1']);
    // the ACK for the 487 matches the INVITE transaction (same branch) and is not passed up
    const acks: SipRequest[] = [];
    mgr.on('ack', (a) => acks.push(a));
    fake.inject(req('ACK', 'z9hG4bKc1', ';tag=x'));
    expect(acks).toHaveLength(0);
    // Confirmed, in the store for Timer I (with the two CANCELs, Completed for Timer J): a
    // retransmitted ACK is absorbed there too
    expect(mgr.serverLingering).toBe(3);
    fake.inject(req('ACK', 'z9hG4bKc1', ';tag=x'));
    expect(acks).toHaveLength(0);
    // once Timer I (T4) is over nothing matches, and an ACK goes to the TU like any unmatched one
    await vi.advanceTimersByTimeAsync(5000);
    expect(mgr.serverLingering).toBe(2);
    fake.inject(req('ACK', 'z9hG4bKc1', ';tag=x'));
    expect(acks).toHaveLength(1);
  });

  it('passes an ACK with a new branch (ACK for 2xx) up to the TU', async () => {
    const { fake, mgr } = await setup();
    const acks: SipRequest[] = [];
    mgr.on('ack', (a) => acks.push(a));
    fake.inject(req('ACK', 'z9hG4bKfresh', ';tag=x'));
    expect(acks).toHaveLength(1);
    expect(mgr.serverCount).toBe(0);
  });

  it('refuses new requests with 503 + Retry-After above the in-flight cap, and via the admission hook', async () => {
    const { fake, mgr } = await setup({
      maxServerTransactions: 2,
      retryAfterSeconds: 9,
      admit: (r) => (r.method === 'REGISTER' ? { status: 503, retryAfter: 1, reason: 'rate-limited' } : undefined),
    });
    fake.inject(req('REGISTER', 'z9hG4bKr1'));
    fake.inject(req('OPTIONS', 'z9hG4bKa'));
    fake.inject(req('OPTIONS', 'z9hG4bKb'));
    fake.inject(req('OPTIONS', 'z9hG4bKc'));
    await vi.advanceTimersByTimeAsync(0);
    const res = fake.responses();
    expect(res.map((r) => [r.status, r.headers.get('retry-after'), r.headers.get('x-reason')])).toEqual([
      [503, '1', 'rate-limited'],
      [503, '9', 'overload'],
    ]);
    expect(mgr.stats).toEqual({ rejectedOverload: 1, rejectedAdmission: 1 });
  });

  it('counts only transactions waiting for the TU against the cap, not those lingering after their final', async () => {
    const { fake, mgr, seen } = await setup({ maxServerTransactions: 2 });
    fake.inject(req('OPTIONS', 'z9hG4bKl1'));
    fake.inject(req('INVITE', 'z9hG4bKl2'));
    for (const { req: r, tx } of seen) tx.respond(createResponse(r, 200, { toTag: 't' }));
    // Both now linger (Completed, Accepted) for 32 s, but wait for nobody.
    expect(mgr.serverCount).toBe(2);
    expect(mgr.serverInFlight).toBe(0);
    fake.inject(req('OPTIONS', 'z9hG4bKl3'));
    fake.inject(req('OPTIONS', 'z9hG4bKl4'));
    expect(mgr.serverInFlight).toBe(2);
    fake.inject(req('OPTIONS', 'z9hG4bKl5'));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toHaveLength(4);
    expect(fake.responses().filter((r) => r.status === 503)).toHaveLength(1);
    expect(mgr.stats.rejectedOverload).toBe(1);
  });

  it('client side: adds a cookie branch, matches the response, retransmits until it arrives', async () => {
    const { fake, mgr } = await setup();
    const got: number[] = [];
    const out = createRequest({
      method: 'OPTIONS',
      uri: 'sip:ua@127.0.0.1:5070',
      headers: { From: '<sip:a@h>;tag=f1', To: '<sip:ua@h>', 'Call-ID': 'client-1', CSeq: '1 OPTIONS' },
    });
    mgr.sendRequest(out, { protocol: 'udp', address: '127.0.0.1', port: 5070 }, {
      onResponse: (r) => got.push(r.status),
      onTimeout: () => got.push(408),
      onTransportError: () => got.push(503),
    });
    await vi.advanceTimersByTimeAsync(600);
    expect(fake.sent).toHaveLength(2);
    const sent = parseMessage(Buffer.from(fake.sent[0]?.data ?? '')) as SipRequest;
    expect(sent.via.branch).toMatch(/^z9hG4bK[0-9a-f]{24}$/);
    expect(sent.via.rport).toBe(true);
    const reply = createResponse(sent, 200, { toTag: 'z' });
    fake.inject(serializeMessage(reply).toString());
    expect(got).toEqual([200]);
    expect(mgr.clientCount).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(mgr.clientCount).toBe(0);
  });
});
