import { connect, type Socket } from 'node:net';
import { createSocket } from 'node:dgram';
import { describe, it, expect, afterEach } from 'vitest';
import { createResponse } from '../message/message.factory.js';
import { createRequest } from '../message/message.factory.js';
import { parseMessage } from '../message/message.parser.js';
import { StreamFramer } from './stream.framer.js';
import { TcpTransport } from './tcp.transport.js';
import { TransportLayer } from './transport.layer.js';
import { UdpTransport } from './udp.transport.js';
import type { SipResponse } from '../message/sip-message.model.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function layer(...transports: (TcpTransport | UdpTransport)[]): Promise<TransportLayer> {
  const l = new TransportLayer(transports);
  await l.listen();
  cleanups.push(() => l.close());
  return l;
}

/** Answers every request with 200 OK. */
function echo200(l: TransportLayer): void {
  l.on('request', (req, source) => {
    void l.sendResponse(createResponse(req, 200, { toTag: 'srv' }), source);
  });
}

function options(i: number, transport: string): string {
  return (
    `OPTIONS sip:u@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/${transport} 127.0.0.1:9;branch=z9hG4bK${i};rport\r\n` +
    `From: <sip:a@h>;tag=${i}\r\nTo: <sip:u@h>\r\nCall-ID: call-${i}\r\nCSeq: ${i} OPTIONS\r\nMax-Forwards: 70\r\n` +
    `X-Padding: ${'p'.repeat(200)}\r\nContent-Length: 0\r\n\r\n`
  );
}

describe('TCP transport', () => {
  it('answers every one of >100 KB of requests pipelined in one write', async () => {
    const server = await layer(new TcpTransport({ port: 0, maxMessageSize: 4096 }));
    echo200(server);
    const { port } = server.local('tcp');
    const count = 400;
    const payload = Buffer.from(Array.from({ length: count }, (_, i) => options(i, 'TCP')).join(''));
    expect(payload.length).toBeGreaterThan(100_000);

    const socket: Socket = connect({ host: '127.0.0.1', port });
    cleanups.push(async () => void socket.destroy());
    const framer = new StreamFramer(65_535);
    const seen = new Set<string>();
    await new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        for (const frame of framer.push(chunk)) {
          const res = parseMessage(frame, { datagram: false }) as SipResponse;
          expect(res.status).toBe(200);
          seen.add(res.callId);
          if (seen.size === count) resolve();
        }
      });
      socket.on('connect', () => socket.write(payload));
    });
    expect(seen.size).toBe(count);
    expect(seen.has('call-0')).toBe(true);
    expect(seen.has(`call-${count - 1}`)).toBe(true);
  });

  it('reuses one connection for the response and for a later request to the same peer', async () => {
    const serverTcp = new TcpTransport({ port: 0 });
    const server = await layer(serverTcp);
    const clientTcp = new TcpTransport({ port: 0 });
    const client = await layer(clientTcp);
    let peer: { address: string; port: number } | undefined;
    server.on('request', (req, source) => {
      peer = source;
      void server.sendResponse(createResponse(req, 200), source);
    });
    const target = { protocol: 'tcp' as const, address: '127.0.0.1', port: server.local('tcp').port };
    const response = new Promise<SipResponse>((resolve) => client.once('response', resolve));
    await client.send(Buffer.from(options(1, 'TCP')), target);
    expect((await response).status).toBe(200);
    expect(serverTcp.connectionCount).toBe(1);
    expect(clientTcp.connectionCount).toBe(1);

    // server → client request over the same connection
    const gotRequest = new Promise<string>((resolve) => client.once('request', (req) => resolve(req.method)));
    if (!peer) throw new Error('no peer');
    await server.send(Buffer.from(options(2, 'TCP').replace(/OPTIONS/g, 'NOTIFY')), { protocol: 'tcp', ...peer });
    expect(await gotRequest).toBe('NOTIFY');
    expect(serverTcp.connectionCount).toBe(1);
    expect(clientTcp.connectionCount).toBe(1);
  });

  it('answers 400 to a malformed but framed request and keeps serving the connection', async () => {
    const server = await layer(new TcpTransport({ port: 0 }));
    echo200(server);
    const socket = connect({ host: '127.0.0.1', port: server.local('tcp').port });
    cleanups.push(async () => void socket.destroy());
    const framer = new StreamFramer(65_535);
    const statuses: string[] = [];
    const done = new Promise<void>((resolve) => {
      socket.on('data', (chunk: Buffer) => {
        for (const frame of framer.push(chunk)) {
          // read as text: the 400 echoes the malformed CSeq, so it would not parse as a message
          const text = frame.toString();
          const status = text.slice(8, 11);
          const callId = /\r\nCall-ID: ([^\r]*)/.exec(text)?.[1] ?? '';
          const reason = /\r\nX-Reason: ([^\r]*)/.exec(text)?.[1] ?? '';
          statuses.push(`${status} ${callId} ${reason}`.trim());
          if (statuses.length === 2) resolve();
        }
      });
    });
    const bad = options(1, 'TCP').replace('CSeq: 1 OPTIONS', 'CSeq: one OPTIONS');
    socket.write(bad + options(2, 'TCP'));
    await done;
    expect(statuses).toEqual(['400 call-1 SIP_ERR_CSEQ', '200 call-2']);
    expect(server.stats.malformedAnswered).toBe(1);
  });

  it('drops a connection whose single message exceeds the cap without throwing', async () => {
    const tcp = new TcpTransport({ port: 0, maxMessageSize: 1024 });
    const server = await layer(tcp);
    const socket = connect({ host: '127.0.0.1', port: server.local('tcp').port });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.write(`INVITE sip:u@h SIP/2.0\r\nContent-Length: 5000\r\n\r\n${'x'.repeat(5000)}`);
    await closed;
    expect(tcp.stats.framingErrors).toBe(1);
  });
});

describe('UDP transport', () => {
  it('round-trips a request and its response on 127.0.0.1 with ephemeral ports', async () => {
    const server = await layer(new UdpTransport({ port: 0 }));
    const client = await layer(new UdpTransport({ port: 0 }));
    let seenVia = '';
    server.on('request', (req, source) => {
      seenVia = req.headers.get('via') ?? '';
      void server.sendResponse(createResponse(req, 200, { toTag: 't1' }), source);
    });
    const c = client.local('udp');
    const req = createRequest({
      method: 'OPTIONS',
      uri: `sip:u@127.0.0.1:${server.local('udp').port}`,
      headers: {
        Via: `${client.viaSentBy('udp')};branch=z9hG4bKudp1;rport`,
        From: '<sip:a@h>;tag=a',
        To: '<sip:u@h>',
        'Call-ID': 'udp-rt',
        CSeq: '1 OPTIONS',
        'Max-Forwards': 70,
      },
    });
    const response = new Promise<SipResponse>((resolve) => client.once('response', resolve));
    await client.sendRequest(req, server.resolve(req.uri));
    const res = await response;
    expect(res.status).toBe(200);
    expect(res.to.tag).toBe('t1');
    expect(res.via.branch).toBe('z9hG4bKudp1');
    expect(seenVia).toContain(`rport=${c.port}`);
  });

  it('answers 400 to a recognisable malformed request and drops garbage', async () => {
    const server = await layer(new UdpTransport({ port: 0 }));
    const port = server.local('udp').port;
    const sock = createSocket('udp4');
    cleanups.push(() => new Promise((resolve) => sock.close(() => resolve())));
    await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', () => resolve()));
    const reply = new Promise<string>((resolve) => sock.once('message', (m) => resolve(m.toString())));
    const bad =
      'INVITE sip:u@h SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKbad\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:u@h>\r\n' +
      'Call-ID: bad1\r\nCSeq: 1 INVITE\r\nContent-Length: 500\r\n\r\nv=0\r\n';
    sock.send('\x00\x01garbage', port, '127.0.0.1');
    sock.send(bad, port, '127.0.0.1');
    const text = await reply;
    expect(text.startsWith('SIP/2.0 400 Bad Request\r\n')).toBe(true);
    expect(text).toContain('X-Reason: SIP_ERR_BODY_TRUNCATED');
    expect(text).toContain('Call-ID: bad1');
    expect(server.stats.malformedDropped).toBe(1);
    expect(server.stats.malformedAnswered).toBe(1);
  });

  it('sends a response back to the request source, or to received/rport or the Via sent-by', async () => {
    const l = await layer(new UdpTransport({ port: 0 }));
    const via = (v: string): SipResponse => {
      const text = `SIP/2.0 200 OK\r\nVia: ${v}\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:u@h>\r\nCall-ID: t\r\nCSeq: 1 OPTIONS\r\n\r\n`;
      return parseMessage(Buffer.from(text)) as SipResponse;
    };
    const source = { protocol: 'udp', address: '10.0.0.9', port: 5070 } as const;
    // the usual case: the source itself, not a copy of it
    expect(l.responseTarget(via('SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bK1').via, source)).toBe(source);
    expect(l.responseTarget(via('SIP/2.0/UDP h;branch=z9hG4bK1;received=10.0.0.9;rport=5070').via, source)).toBe(source);
    expect(l.responseTarget(via('SIP/2.0/UDP 10.0.0.9:5071;branch=z9hG4bK1').via, source)).toEqual({ protocol: 'udp', address: '10.0.0.9', port: 5071 });
    expect(l.responseTarget(via('SIP/2.0/UDP h;branch=z9hG4bK1;received=10.0.0.8').via, source)).toEqual({ protocol: 'udp', address: '10.0.0.8', port: 5060 });
    expect(l.responseTarget(via('SIP/2.0/TCP h:5090;branch=z9hG4bK1').via, undefined)).toEqual({ protocol: 'tcp', address: 'h', port: 5090 });
  });

  it('builds its Contact URI once per transport, the same as with a user part left out', async () => {
    const l = await layer(new UdpTransport({ port: 0 }), new TcpTransport({ port: 0 }));
    const { port } = l.local('udp');
    expect(l.contactUri('udp')).toBe(`sip:127.0.0.1:${port}`);
    expect(l.contactUri('udp')).toBe(l.contactUri('udp'));
    expect(l.contactUri('tcp')).toBe(`sip:127.0.0.1:${l.local('tcp').port};transport=tcp`);
    expect(l.contactUri('udp', 'bob')).toBe(`sip:bob@127.0.0.1:${port}`);
    expect(l.contactHeader('udp')).toBe(`<${l.contactUri('udp')}>`);
  });
});
