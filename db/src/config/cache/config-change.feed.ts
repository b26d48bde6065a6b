import type { Redis } from 'ioredis';
import { CONFIG_CHANGED_CHANNEL, parseConfigChange, type ConfigChange } from '../notify/config-change.js';

export interface ConfigChangeHandlers {
  onChange(change: ConfigChange): void;
  /** The feed (re)connected: messages may have been missed meanwhile. */
  onReconnect(): void;
  onError(err: unknown): void;
}

/** Change notifications the cache listens to. Redis pub/sub below; fakes in unit specs. */
export interface ConfigChangeFeed {
  start(handlers: ConfigChangeHandlers): void;
  stop(): Promise<void>;
}

/**
 * Listens on {@link CONFIG_CHANGED_CHANNEL}. Needs its own Redis connection (a subscribed
 * connection can do nothing else); ioredis re-subscribes after a reconnect or a Sentinel
 * failover, and `ready` tells the cache to resync what it may have missed.
 */
export class RedisConfigChangeFeed implements ConfigChangeFeed {
  private handlers: ConfigChangeHandlers | null = null;

  constructor(private readonly subscriber: Redis) {}

  start(handlers: ConfigChangeHandlers): void {
    this.handlers = handlers;
    this.subscriber.on('message', this.onMessage);
    this.subscriber.on('ready', this.onReady);
    // Not awaited: with Redis down the subscribe waits in ioredis' offline queue, and the
    // cache must start (and serve) without it.
    this.subscriber.subscribe(CONFIG_CHANGED_CHANNEL).catch((err: unknown) => handlers.onError(err));
  }

  async stop(): Promise<void> {
    this.subscriber.off('message', this.onMessage);
    this.subscriber.off('ready', this.onReady);
    this.handlers = null;
    await this.subscriber.unsubscribe(CONFIG_CHANGED_CHANNEL);
  }

  private readonly onMessage = (channel: string, payload: string): void => {
    if (channel !== CONFIG_CHANGED_CHANNEL || !this.handlers) return;
    const change = parseConfigChange(payload);
    if (change) this.handlers.onChange(change);
    else this.handlers.onError(new Error(`malformed message on ${CONFIG_CHANGED_CHANNEL}: ${payload.slice(0, 200)}`));
  };

  private readonly onReady = (): void => {
    this.handlers?.onReconnect();
  };
}
