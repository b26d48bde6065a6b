import { createSocket } from 'node:dgram';
import { describe, it, expect } from 'vitest';
import { UdpTransport } from './udp.transport.js';

describe('UdpTransport.send', () => {
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
    const t = new UdpTransport({ host: '127.0.0.1', port: 0 });
    await t.listen();
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
    const t = new UdpTransport({ host: '127.0.0.1', port: 0 });
    const t6 = new UdpTransport({ host: '::1', port: 0 });
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
    const t = new UdpTransport({ host: '127.0.0.1', port: 0 });
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
});
