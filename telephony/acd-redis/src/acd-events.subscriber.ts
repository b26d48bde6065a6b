import type { Redis } from 'ioredis';
import { AcdKeys } from './acd-keys.js';

/** What the ACD scripts publish on `rw:{tenant}:acd:events`, one message per script run. */
export type AcdEvent =
  | { readonly type: 'offer'; readonly callId: string; readonly acdGroupId: string; readonly agents: readonly string[] }
  | { readonly type: 'call-waiting'; readonly callId: string; readonly acdGroupId: string }
  | { readonly type: 'call-answered'; readonly callId: string; readonly agentId: string }
  | { readonly type: 'call-removed'; readonly callId: string }
  | { readonly type: 'agent'; readonly agentId: string; readonly state: string; readonly version: number };

/**
 * Subscribes a dedicated connection (Redis requires one for pub/sub) to a tenant's ACD events,
 * so web servers and other telephony servers learn of every change at once.
 * Returns a function that unsubscribes.
 */
export async function subscribeAcdEvents(
  subscriber: Redis,
  tenantId: string,
  onEvents: (events: readonly AcdEvent[]) => void,
  onError: (err: Error) => void = () => undefined,
): Promise<() => Promise<void>> {
  const channel = new AcdKeys(tenantId).events;
  const listener = (ch: string, message: string): void => {
    if (ch !== channel) return;
    try {
      const parsed = JSON.parse(message) as AcdEvent[] | Record<string, never>;
      onEvents(Array.isArray(parsed) ? parsed : []);
    } catch (err) {
      onError(err as Error);
    }
  };
  subscriber.on('message', listener);
  await subscriber.subscribe(channel);
  return async () => {
    subscriber.off('message', listener);
    await subscriber.unsubscribe(channel);
  };
}
