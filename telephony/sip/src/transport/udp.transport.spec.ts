import { createSocket } from 'node:dgram';
import { describe, it, expect } from 'vitest';
import type { PeerAddress } from './transport.types.js';
import { UdpTransport, type UdpSocketKind } from './udp.transport.js';

// Every test runs on both sockets. The native one must be built (./ringwell builds it): a
// missing build fails here rather than quietly testing dgram twice.
describe.each<Exclude<UdpSocketKind, 'auto'>>(['dgram', 'native'])('UdpTransport on the %s socket', (socket) => {
  it('sends to an IP literal and to a host name, and counts the frames', async () => {
    const rx = createSocket('udp4');
    await new Promise<void>((r) => rx.bind(0, '127.0.0.1', () => r()));
    const port = rx.address().port;
    const got: string[] = [];
    const two = new Promise<void>((resolve) =>
      rx.on('message', (m) => {
        got.push(m.toString());
        if (got.length === 2) resolve();
      }),
    );
    const t = new UdpTransport({ host: '127.0.0.1', port: 0, socket });
    await t.listen();
    expect(t.socketKind).toBe(socket);
    const errors: Error[] = [];
    t.send(Buffer.from('literal'), { protocol: 'udp', address: '127.0.0.1', port }, (err) => errors.push(err));
    t.send(Buffer.from('name'), { protocol: 'udp', address: 'localhost', port });
    await two;
    await new Promise((r) => setImmediate(r));
    expect(got.sort()).toEqual(['literal', 'name']);
    expect(errors).toEqual([]);
    expect(t.stats.framesOut).toBe(2);
    await t.close();
    rx.close();
  });

  it('sends to the right peer when literals and names alternate (the last literal is remembered)', async () => {
    const rx = createSocket('udp4');
    const rx6 = createSocket('udp6');
    await new Promise<void>((r) => rx.bind(0, '127.0.0.1', () => r()));
    await new Promise<void>((r) => rx6.bind(0, '::1', () => r()));
    const got: string[] = [];
    const all = new Promise<void>((resolve) => {
      const on = (m: Buffer): void => {
        got.push(m.toString());
        if (got.length === 5) resolve();
      };
      rx.on('message', on);
      rx6.on('message', (m) => on(Buffer.from(`v6:${m.toString()}`)));
    });
    const t = new UdpTransport({ host: '127.0.0.1', port: 0, socket });
    const t6 = new UdpTransport({ host: '::1', port: 0, socket });
    await t.listen();
    await t6.listen();
    const port = rx.address().port;
    t.send(Buffer.from('a'), { protocol: 'udp', address: '127.0.0.1', port });
    t.send(Buffer.from('b'), { protocol: 'udp', address: 'localhost', port });
    t.send(Buffer.from('c'), { protocol: 'udp', address: '127.0.0.1', port });
    t6.send(Buffer.from('d'), { protocol: 'udp', address: '[::1]', port: rx6.address().port });
    t.send(Buffer.from('e'), { protocol: 'udp', address: '127.0.0.1', port });
    await all;
    expect(got.sort()).toEqual(['a', 'b', 'c', 'e', 'v6:d']);
    await t.close();
    await t6.close();
    rx.close();
    rx6.close();
  });

  it('reports a failed send to its handler, never synchronously, and counts it', async () => {
    const t = new UdpTransport({ host: '127.0.0.1', port: 0, socket });
    const errors: Error[] = [];
    // not listening yet
    t.send(Buffer.from('x'), { protocol: 'udp', address: '127.0.0.1', port: 5060 }, (err) => errors.push(err));
    expect(errors).toHaveLength(0);
    await new Promise((r) => setImmediate(r));
    expect(errors).toHaveLength(1);
    await t.listen();
    // a port dgram refuses at once
    t.send(Buffer.from('x'), { protocol: 'udp', address: '127.0.0.1', port: 70_000 }, (err) => errors.push(err));
    expect(errors).toHaveLength(1);
    await new Promise((r) => setImmediate(r));
    expect(errors).toHaveLength(2);
    // without a handler the failure is an `error` event
    const events: Error[] = [];
    t.on('error', (err) => events.push(err));
    t.send(Buffer.from('x'), { protocol: 'udp', address: '127.0.0.1', port: 70_000 });
    await new Promise((r) => setImmediate(r));
    expect(events).toHaveLength(1);
    expect(t.stats.sendErrors).toBe(3);
    expect(t.stats.framesOut).toBe(0);
    await t.close();
  });

  it('receives datagrams from IPv4 and IPv6 peers with their address and port, each in its own bytes', async () => {
    const t = new UdpTransport({ host: '127.0.0.1', port: 0, socket, maxMessageSize: 1000 });
    const t6 = new UdpTransport({ host: '::1', port: 0, socket });
    const { port } = await t.listen();
    const { port: port6 } = await t6.listen();
    const frames: { data: Buffer; source: PeerAddress }[] = [];
    t.on('frame', (data, source) => frames.push({ data, source }));
    t6.on('frame', (data, source) => frames.push({ data, source }));
    const tx = createSocket('udp4');
    const tx6 = createSocket('udp6');
    await new Promise<void>((r) => tx.bind(0, '127.0.0.1', () => r()));
    await new Promise<void>((r) => tx6.bind(0, '::1', () => r()));
    // enough datagrams back to back to fill several native batches (32 each)
    const sent: string[] = [];
    for (let i = 0; i < 100; i++) {
      const text = `msg ${i} ${'x'.repeat(i * 7)}`;
      sent.push(text);
      tx.send(text, port, '127.0.0.1');
    }
    tx.send(Buffer.alloc(1001, 0x41), port, '127.0.0.1'); // above maxMessageSize: dropped, counted
    tx.send(Buffer.alloc(0), port, '127.0.0.1');
    tx6.send('over v6', port6, '::1');
    const deadline = Date.now() + 5000;
    while (frames.length < 102 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(frames).toHaveLength(102);
    const v4 = frames.filter((f) => f.source.address === '127.0.0.1');
    expect(v4.map((f) => f.data.toString()).slice(0, 100)).toEqual(sent);
    expect(v4[100]?.data.length).toBe(0);
    expect(v4.every((f) => f.source.port === tx.address().port && f.source.protocol === 'udp')).toBe(true);
    const six = frames.find((f) => f.source.address === '::1');
    expect(six?.data.toString()).toBe('over v6');
    expect(six?.source.port).toBe(tx6.address().port);
    expect(t.stats.framesIn).toBe(101);
    expect(t.stats.framingErrors).toBe(1);
    await t.close();
    await t6.close();
    tx.close();
    tx6.close();
  });

  it('answers a sender through the socket it listens on, and refuses sends once closed', async () => {
    const t = new UdpTransport({ host: '127.0.0.1', port: 0, socket });
    const { port } = await t.listen();
    t.on('frame', (data, source) => t.send(Buffer.from(`echo ${data.toString()}`), source));
    const peer = createSocket('udp4');
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', () => r()));
    const reply = new Promise<{ text: string; port: number }>((resolve) => peer.once('message', (m, rinfo) => resolve({ text: m.toString(), port: rinfo.port })));
    peer.send('ping', port, '127.0.0.1');
    expect(await reply).toEqual({ text: 'echo ping', port });
    await t.close();
    expect(t.socketKind).toBeUndefined();
    const errors: Error[] = [];
    t.send(Buffer.from('late'), { protocol: 'udp', address: '127.0.0.1', port: peer.address().port }, (err) => errors.push(err));
    await new Promise((r) => setImmediate(r));
    expect(errors.map((e) => e.message)).toEqual(['UDP transport is not listening']);
    peer.close();
  });
});
