import type { Redis } from 'ioredis';
import { CONFIG_CHANGED_CHANNEL, type ConfigChange, type ConfigChangeNotifier } from './config-change.js';

/** Publishes committed admin writes on {@link CONFIG_CHANGED_CHANNEL}. */
export class RedisConfigChangeNotifier implements ConfigChangeNotifier {
  constructor(private readonly redis: Redis) {}

  async publish(change: ConfigChange): Promise<void> {
    await this.redis.publish(CONFIG_CHANGED_CHANNEL, JSON.stringify(change));
  }
}
