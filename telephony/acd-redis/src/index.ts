export * from './acd-keys.js';
export * from './agent-status.codec.js';
export * from './scores.js';
export * from './redis-acd.store.js';
export * from './acd-events.subscriber.js';
export * from './acd-tenants.registry.js';
export * from './history-entry.codec.js';
