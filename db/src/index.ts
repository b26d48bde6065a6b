export * from './mariadb/mariadb-config.renderer.js';
export * from './redis/redis-config.renderer.js';
export * from './migrations/migrator.js';
export * from './runtime/data-tier.config.js';
export * from './runtime/data-tier.clients.js';
export * from './security/password-hash.js';
export * from './seed/demo.seed.js';
