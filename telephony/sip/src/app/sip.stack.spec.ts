import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { describe, it, expect, afterEach } from 'vitest';
import { digestAuth } from '../auth/digest.middleware.js';
import { SipError } from '../errors/sip.error.js';
import { parseMessage } from '../message/message.parser.js';
import { createResponse } from '../message/message.factory.js';
import { serializeMessage } from '../message/message.serializer.js';
import type { SipRequest, SipResponse } from '../message/sip-message.model.js';
import type { Dialog } from '../dialog/sip.dialog.js';
import { SipStack, type SipStackOptions } from './sip.stack.js';

const SDP_A = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=a\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\n';
const SDP_B = 'v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=b\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 8\r\n';
const T1 = 10;

const stacks: SipStack[] = [];
afterEach(async () => {
  for (const s of stacks.splice(0)) await s.close();
});

async function stack(options: SipStackOptions = {}): Promise<SipStack> {
  const s = new SipStack({ udp: { port: 0 }, tcp: { port: 0 }, timers: { T1, T2: 40, T4: 50, D: 100 }, ...options });
  stacks.push(s);
  await s.listen();
  return s;
}

function uri(s: SipStack, protocol: 'udp' | 'tcp' = 'udp', user = 'agent'): string {
  const { port } = s.address(protocol);
  return `sip:${user}@127.0.0.1:${port}${protocol === 'tcp' ? ';transport=tcp' : ''}`;
}

function until(check: () => boolean, ms = 3000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (check()) resolve();
      else if (Date.now() - start > ms) reject(new Error('condition not reached'));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

async function expectRejection(p: Promise<unknown>): Promise<SipError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SipError);
    return err as SipError;
  }
  throw new Error('expected a rejection');
}

describe.each(['udp', 'tcp'] as const)('SipStack call flows over %s', (protocol) => {
  it('sets up a call with SDP on both sides, exchanges INFO, and tears it down with BYE', async () => {
    const b = await stack();
    const a = await stack();
    const uasDialogs: Dialog[] = [];
    b.invite(async (req, res) => {
      res.send(180);
      uasDialogs.push(await b.createUAS(req, res, { localSdp: SDP_B }));
    });
    const provisional: number[] = [];
    const dialog = await a.createUAC(uri(b, protocol), { localSdp: SDP_A, onProvisional: (r) => provisional.push(r.status) });
    expect(dialog.role).toBe('uac');
    expect(dialog.remoteSdp).toBe(SDP_B);
    expect(provisional).toContain(180);
    await until(() => uasDialogs.length === 1);
    const uas = uasDialogs[0] as Dialog;
    expect(uas.remoteSdp).toBe(SDP_A);
    expect(uas.id.callId).toBe(dialog.id.callId);
    expect(uas.id.localTag).toBe(dialog.id.remoteTag);

    const infos: string[] = [];
    uas.on('request', (req, res) => {
      infos.push(req.body);
      res.send(200);
    });
    const infoRes = await dialog.request('INFO', { headers: { 'Content-Type': 'application/dtmf-relay' }, body: 'Signal=5' });
    expect(infoRes.status).toBe(200);
    expect(infos).toEqual(['Signal=5']);

    const ended = new Promise<SipRequest | undefined>((resolve) => uas.once('destroy', resolve));
    const byeRes = await dialog.destroy();
    expect(byeRes?.status).toBe(200);
    expect((await ended)?.method).toBe('BYE');
    expect(a.dialogCount).toBe(0);
    expect(b.dialogCount).toBe(0);
  });

  it('rejects createUAC with the final response (486) and the stack ACKs it', async () => {
    const b = await stack();
    const a = await stack();
    b.invite((_req, res) => void res.send(486));
    const err = await expectRejection(a.createUAC(uri(b, protocol), { localSdp: SDP_A }));
    expect(err.code).toBe('SIP_ERR_FINAL_RESPONSE');
    expect(err.status).toBe(486);
    expect(err.response?.status).toBe(486);
    // the ACK confirmed the server transaction: it is freed well before Timer H (64*T1)
    await until(() => b.transactions.serverCount === 0 && a.transactions.clientCount === 0, 2000);
  });
});

describe('SipStack application features', () => {
  it('cancels a ringing call: the UAC gets 487, the UAS sees the cancel', async () => {
    const b = await stack();
    const a = await stack();
    let canceled = false;
    b.invite((req, res) => {
      res.send(180);
      req.on('cancel', () => {
        canceled = true;
      });
    });
    const abort = new AbortController();
    const call = a.createUAC(uri(b), {
      localSdp: SDP_A,
      signal: abort.signal,
      onProvisional: () => abort.abort(),
    });
    const err = await expectRejection(call);
    expect(err.status).toBe(487);
    expect(canceled).toBe(true);
  });

  it('authenticates with digest SHA-256 and MD5, and refuses a wrong password with 403', async () => {
    const users: Record<string, string> = { alice: 's3cret' };
    for (const algorithm of ['SHA-256', 'MD5'] as const) {
      const b = await stack();
      const a = await stack();
      b.use(digestAuth({ realm: 'ringwell.test', algorithms: [algorithm], lookup: (u) => users[u] }));
      const authUsers: (string | undefined)[] = [];
      b.register((req, res) => {
        authUsers.push(req.authenticatedUser);
        res.send(200, { headers: { Expires: 60 } });
      });
      const ok = await a.request(uri(b), { method: 'REGISTER', auth: { username: 'alice', password: 's3cret' } });
      expect(ok.status).toBe(200);
      expect(authUsers).toEqual(['alice']);
      const noCreds = await a.request(uri(b), { method: 'REGISTER' });
      expect(noCreds.status).toBe(401);
      expect(noCreds.headers.get('www-authenticate')).toContain(`algorithm=${algorithm}`);
      const bad = await a.request(uri(b), { method: 'REGISTER', auth: { username: 'alice', password: 'nope' } });
      expect(bad.status).toBe(403);
      expect(authUsers).toEqual(['alice']);
    }
  });

  it('answers 503 with Retry-After once the transactions in flight reach the cap', async () => {
    const b = await stack({ maxServerTransactions: 2, retryAfterSeconds: 7 });
    const a = await stack();
    b.options(() => undefined); // never answers: transactions stay in flight
    const pending = [a.request(uri(b), { method: 'OPTIONS' }), a.request(uri(b), { method: 'OPTIONS' })];
    for (const p of pending) p.catch(() => undefined);
    await until(() => b.transactions.serverCount === 2);
    const res = await a.request(uri(b), { method: 'OPTIONS' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(b.transactions.stats.rejectedOverload).toBe(1);
  });

  it('answers 400 OPTIONS pipelined in one TCP write of over 100 KB through the middleware', async () => {
    const b = await stack();
    let handled = 0;
    b.options((_req, res) => {
      handled++;
      res.send(200, { headers: { 'X-Pad': 'p'.repeat(64) } });
    });
    const pad = 'x'.repeat(120);
    const one = (i: number): string =>
      `OPTIONS sip:agent@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:40992;branch=z9hG4bKpipe${i}\r\nFrom: <sip:a@h>;tag=p${i}\r\n` +
      `To: <sip:agent@h>\r\nCall-ID: pipe-${i}\r\nCSeq: ${i + 1} OPTIONS\r\nMax-Forwards: 70\r\nX-Pad: ${pad}\r\nContent-Length: 0\r\n\r\n`;
    const payload = Buffer.from(Array.from({ length: 400 }, (_, i) => one(i)).join(''));
    expect(payload.length).toBeGreaterThan(100 * 1024);
    const sock = connect(b.address('tcp').port, '127.0.0.1');
    let received = '';
    sock.on('data', (d: Buffer) => (received += d.toString('latin1')));
    await new Promise<void>((r) => sock.once('connect', () => r()));
    sock.write(payload);
    await until(() => (received.match(/^SIP\/2\.0 200 /gm) ?? []).length === 400, 5000);
    expect(handled).toBe(400);
    expect(new Set(received.match(/Call-ID: pipe-\d+/g)).size).toBe(400);
    sock.destroy();
  });

  it('rate-limits REGISTER per source but leaves OPTIONS alone', async () => {
    const b = await stack({ rateLimit: { ratePerSecond: 0.001, burst: 2 } });
    const a = await stack();
    b.register((_req, res) => void res.send(200));
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await a.request(uri(b), { method: 'REGISTER' })).status);
    expect(statuses).toEqual([200, 200, 503, 503]);
    expect((await a.request(uri(b), { method: 'OPTIONS' })).status).toBe(200);
  });

  it('answers 481 to a request for an unknown dialog and 500 to middleware that throws', async () => {
    const b = await stack();
    const a = await stack();
    const errors: Error[] = [];
    b.on('error', (err) => errors.push(err));
    b.message(() => {
      throw new TypeError('boom');
    });
    const res = await a.request(uri(b), { method: 'MESSAGE', body: 'hi' });
    expect(res.status).toBe(500);
    expect(errors[0]?.message).toBe('boom');
    const stray = await a.request(uri(b), { method: 'BYE', headers: { To: `<${uri(b)}>;tag=nothere` } });
    expect(stray.status).toBe(481);
  });

  it('rejects with SIP_ERR_TRANSPORT when a TCP peer refuses, SIP_ERR_TRANSACTION_TIMEOUT when UDP is silent', async () => {
    const a = await stack();
    const refused = await expectRejection(a.request('sip:x@127.0.0.1:1;transport=tcp', { method: 'OPTIONS' }));
    expect(refused.code).toBe('SIP_ERR_TRANSPORT');
    const tls = await expectRejection(a.request('sips:x@127.0.0.1:5061', { method: 'OPTIONS' }));
    expect(tls.code).toBe('SIP_ERR_NO_TRANSPORT');
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
    const started = Date.now();
    const timeout = await expectRejection(a.request(`sip:x@127.0.0.1:${silent.address().port}`, { method: 'OPTIONS' }));
    expect(timeout.code).toBe('SIP_ERR_TRANSACTION_TIMEOUT');
    expect(timeout.status).toBe(408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(64 * T1 - 5);
    silent.close();
  });

  it('ACKs a 2xx from a second fork and hangs that leg up with BYE, keeping the first', async () => {
    const a = await stack();
    const raw = createSocket('udp4');
    await new Promise<void>((resolve) => raw.bind(0, '127.0.0.1', () => resolve()));
    const rawPort = raw.address().port;
    const seen: SipRequest[] = [];
    raw.on('message', (m, rinfo) => {
      const msg = parseMessage(m);
      if (msg.kind !== 'request') return;
      seen.push(msg);
      const reply = (status: number, tag: string): void => {
        const res = createResponse(msg, status, { toTag: tag, headers: { Contact: `<sip:fork-${tag}@127.0.0.1:${rawPort}>` } });
        raw.send(serializeMessage(res), rinfo.port, rinfo.address);
      };
      if (msg.method === 'INVITE') {
        reply(200, 'fork1');
        reply(200, 'fork2');
      } else if (msg.method === 'BYE') {
        reply(200, msg.to.tag ?? '');
      }
    });
    const dialog = await a.createUAC(`sip:agent@127.0.0.1:${rawPort}`, { localSdp: SDP_A });
    expect(dialog.id.remoteTag).toBe('fork1');
    await until(() => seen.some((r) => r.method === 'BYE'));
    const acks = seen.filter((r) => r.method === 'ACK').map((r) => r.to.tag);
    expect(acks).toEqual(['fork1', 'fork2']);
    const byes = seen.filter((r) => r.method === 'BYE');
    expect(byes.map((r) => [r.to.tag, r.uri])).toEqual([['fork2', `sip:fork-fork2@127.0.0.1:${rawPort}`]]);
    expect(dialog.state).toBe('confirmed');
    raw.close();
  });

  it('retransmits the 2xx until 64*T1 when no ACK comes, then rejects createUAS and sends BYE', async () => {
    const b = await stack({ tcp: false });
    let uasError: unknown;
    b.invite(async (req, res) => {
      try {
        await b.createUAS(req, res, { localSdp: SDP_B });
      } catch (err) {
        uasError = err;
      }
    });
    const sock = createSocket('udp4');
    await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', () => resolve()));
    const port = (sock.address()).port;
    const got: (SipResponse | SipRequest)[] = [];
    sock.on('message', (m) => got.push(parseMessage(m)));
    const invite =
      `INVITE ${uri(b)} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKnoack\r\nFrom: <sip:x@127.0.0.1>;tag=x1\r\n` +
      `To: <${uri(b)}>\r\nCall-ID: noack-1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContact: <sip:x@127.0.0.1:${port}>\r\nContent-Length: 0\r\n\r\n`;
    sock.send(invite, b.address('udp').port, '127.0.0.1');
    await until(() => uasError !== undefined, 3000);
    const oks = got.filter((m) => m.kind === 'response' && m.status === 200);
    const trying = got.filter((m) => m.kind === 'response' && m.status === 100);
    expect(trying).toHaveLength(1);
    // 64*T1 = 640 ms with T1 = 10, T2 = 40: 10, 20, 40, 40… → well over 5 retransmissions
    expect(oks.length).toBeGreaterThan(5);
    expect((uasError as SipError).code).toBe('SIP_ERR_TRANSACTION_TIMEOUT');
    await until(() => got.some((m) => m.kind === 'request' && m.method === 'BYE'));
    sock.close();
  });
});

describe.each(['udp', 'tcp'] as const)('dialog session changes and transfer over %s', (protocol) => {
  const HOLD = SDP_A.replace('o=- 1 1', 'o=- 1 2') + 'a=sendonly\r\n';
  const RESUME = SDP_A.replace('o=- 1 1', 'o=- 1 3') + 'a=sendrecv\r\n';
  const sdp = { 'Content-Type': 'application/sdp' };

  async function call(): Promise<{ uac: Dialog; uas: Dialog }> {
    const b = await stack();
    const a = await stack();
    const uasDialogs: Dialog[] = [];
    b.invite(async (req, res) => void uasDialogs.push(await b.createUAS(req, res, { localSdp: SDP_B })));
    const uac = await a.createUAC(uri(b, protocol), { localSdp: SDP_A });
    await until(() => uasDialogs.length === 1);
    return { uac, uas: uasDialogs[0] as Dialog };
  }

  function record(d: Dialog): string[] {
    const seen: string[] = [];
    d.on('modify', (s) => seen.push(`modify ${/o=- 1 (\d)/.exec(s)?.[1] ?? '?'}`));
    d.on('hold', () => seen.push('hold'));
    d.on('unhold', () => seen.push('unhold'));
    return seen;
  }

  it('a re-INVITE to hold and one to resume: the UAS dialog emits modify then hold, modify then unhold; a refresh emits nothing', async () => {
    const { uac, uas } = await call();
    const seen = record(uas);
    expect(uas.remoteHeld).toBe(false);
    expect((await uac.request('INVITE', { headers: sdp, body: HOLD })).status).toBe(200);
    expect(seen).toEqual(['modify 2', 'hold']);
    expect(uas.remoteHeld).toBe(true);
    expect(uas.remoteSdp).toBe(HOLD);
    // a session refresh repeats the SDP: no change
    expect((await uac.request('INVITE', { headers: sdp, body: HOLD })).status).toBe(200);
    expect(seen).toEqual(['modify 2', 'hold']);
    expect((await uac.request('INVITE', { headers: sdp, body: RESUME })).status).toBe(200);
    expect(seen).toEqual(['modify 2', 'hold', 'modify 3', 'unhold']);
    expect(uas.remoteHeld).toBe(false);
  });

  it('an offer the application rejects changes nothing; an UPDATE it accepts does', async () => {
    const { uac, uas } = await call();
    const seen = record(uas);
    uas.on('request', (req, res) => void res.send(req.method === 'INVITE' ? 488 : 200));
    expect((await uac.request('INVITE', { headers: sdp, body: HOLD })).status).toBe(488);
    expect(seen).toEqual([]);
    expect(uas.remoteSdp).toBe(SDP_A);
    expect(uas.remoteHeld).toBe(false);
    expect((await uac.request('UPDATE', { headers: sdp, body: HOLD })).status).toBe(200);
    expect(seen).toEqual(['modify 2', 'hold']);
  });

  it('blind transfer: the REFER is answered 202, and the progress comes back as NOTIFYs with sipfrag bodies', async () => {
    const { uac, uas } = await call();
    const referTo: (string | undefined)[] = [];
    uas.on('request', (req, res) => {
      if (req.method !== 'REFER') return void res.send(405);
      referTo.push(req.get('Refer-To'));
      res.send(202);
      // the transferee places the new call and reports on it
      void uas.notifyReferProgress(100, 'Trying', false).then(() => uas.notifyReferProgress(200, 'OK', true));
    });
    const notifies: { event: string | undefined; state: string | undefined; type: string | undefined; body: string }[] = [];
    uac.on('request', (req, res) => {
      notifies.push({ event: req.get('Event'), state: req.get('Subscription-State'), type: req.get('Content-Type'), body: req.body });
      res.send(200);
    });
    const answer = await uac.refer('sip:carol@127.0.0.1');
    expect(answer.status).toBe(202);
    expect(referTo).toEqual(['<sip:carol@127.0.0.1>']);
    await until(() => notifies.length === 2);
    expect(notifies.map((n) => n.body)).toEqual(['SIP/2.0 100 Trying\r\n', 'SIP/2.0 200 OK\r\n']);
    expect(notifies.every((n) => n.event === 'refer' && n.type === 'message/sipfrag;version=2.0')).toBe(true);
    expect(notifies.map((n) => n.state?.split(';')[0])).toEqual(['active', 'terminated']);
  });
});
