import { EventEmitter } from 'node:events';

type Listener<A extends unknown[]> = (...args: A) => void;

/**
 * The listener API of `EventEmitter` (typed by an event map), with the emitter created only when
 * the first listener is added. Every call creates a request object and most dialogs and requests
 * are never listened to: an `EventEmitter` per object was measurable at thousands of calls a
 * second, and `emit` without a listener is then a field read.
 *
 * Unlike `EventEmitter`, emitting `error` without a listener does not throw; the event maps that
 * use this class have no `error` event.
 */
export class LazyEmitter<E extends { [K in keyof E]: unknown[] }> {
  private emitter: EventEmitter | undefined;

  private events(): EventEmitter {
    return (this.emitter ??= new EventEmitter());
  }

  on<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    this.events().on(event, listener as Listener<unknown[]>);
    return this;
  }

  addListener<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    return this.on(event, listener);
  }

  once<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    this.events().once(event, listener as Listener<unknown[]>);
    return this;
  }

  off<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    this.emitter?.off(event, listener as Listener<unknown[]>);
    return this;
  }

  removeListener<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    return this.off(event, listener);
  }

  removeAllListeners(event?: keyof E & string): this {
    if (event === undefined) this.emitter?.removeAllListeners();
    else this.emitter?.removeAllListeners(event);
    return this;
  }

  emit<K extends keyof E & string>(event: K, ...args: E[K]): boolean {
    return this.emitter !== undefined && this.emitter.emit(event, ...args);
  }

  listenerCount(event: keyof E & string): number {
    return this.emitter === undefined ? 0 : this.emitter.listenerCount(event);
  }
}
