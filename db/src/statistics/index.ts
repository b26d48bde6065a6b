// Statistics schema (db/migrations/020_statistics.sql) and the durable statistics writer.
// Design and operation: docs/statistics.md.
export * from './errors/statistics-error.codes.js';
export * from './errors/statistics.error.js';
export * from './errors/invalid-statistics-event.error.js';
export * from './errors/writer-closed.error.js';
export * from './statistics-event.js';
export * from './statistics-event-id.js';
export * from './statistics-event.validator.js';
export * from './statistics.logger.js';
export * from './repository/statistics-event.repository.js';
export * from './repository/db-error.classifier.js';
export * from './spool/file.spool.js';
export * from './writer/statistics-writer.metrics.js';
export * from './writer/statistics.writer.js';
export * from './repository/interval-rollup.repository.js';
