import { once } from 'node:events';
import { describe, it, expect, vi } from 'vitest';
import { LazyEmitter } from './lazy.emitter.js';

interface Events {
  ping: [n: number];
  done: [];
}

describe('LazyEmitter', () => {
  it('delivers to on/once listeners and counts them', () => {
    const e = new LazyEmitter<Events>();
    expect(e.emit('ping', 1)).toBe(false);
    expect(e.listenerCount('ping')).toBe(0);
    const on = vi.fn();
    const one = vi.fn();
    e.on('ping', on).once('ping', one);
    expect(e.listenerCount('ping')).toBe(2);
    expect(e.emit('ping', 7)).toBe(true);
    e.emit('ping', 8);
    expect(on.mock.calls).toEqual([[7], [8]]);
    expect(one.mock.calls).toEqual([[7]]);
    e.off('ping', on);
    expect(e.emit('ping', 9)).toBe(false);
  });

  it('removes all listeners, of one event or of every event', () => {
    const e = new LazyEmitter<Events>();
    e.on('ping', () => undefined).on('done', () => undefined);
    e.removeAllListeners('ping');
    expect(e.listenerCount('ping')).toBe(0);
    expect(e.listenerCount('done')).toBe(1);
    e.removeAllListeners();
    expect(e.listenerCount('done')).toBe(0);
  });

  it('works with events.once()', async () => {
    const e = new LazyEmitter<Events>();
    const got = once(e as unknown as NodeJS.EventEmitter, 'ping');
    e.emit('ping', 3);
    expect(await got).toEqual([3]);
  });
});
