export * from './process.config.js';
export * from './data-tier.monitor.js';
export * from './health.js';
export * from './server-process.js';
