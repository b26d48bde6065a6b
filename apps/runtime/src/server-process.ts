import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createDbPools, createRedis } from '@ringwell/db';
import type { DbPools } from '@ringwell/db';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { DataTierMonitor } from './data-tier.monitor.js';
import { healthReport } from './health.js';
import type { HealthReport } from './health.js';
import { readProcessConfig } from './process.config.js';
import type { ProcessConfig, ProcessKind } from './process.config.js';

/** What a server process is given once its plumbing is up. */
export interface ServerProcess {
  readonly config: ProcessConfig;
  readonly logger: Logger;
  readonly redis: Redis;
  readonly db: DbPools;
  readonly monitor: DataTierMonitor;
  health(): HealthReport;
  /** Registers cleanup run on SIGTERM/SIGINT before the data-tier clients close. */
  onShutdown(fn: () => Promise<void> | void): void;
}

/**
 * Boots the parts every Ringwell server process shares: config from the
 * environment (fail fast, naming the variable), a pino logger, the Redis and
 * MariaDB clients, the data-tier monitor with heartbeat, and graceful
 * shutdown. Unexpected errors are logged, never allowed to kill the process
 * silently.
 */
export function startServerProcess(kind: ProcessKind): ServerProcess {
  let config: ProcessConfig;
  try {
    config = readProcessConfig(kind);
  } catch (err) {
    process.stderr.write(`${kind}: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = pino({ level: config.logLevel, base: { service: kind, name: config.name, pid: process.pid } });
  const redis = createRedis(config.dataTier);
  // ioredis reports every failed reconnect; the monitor logs state changes once.
  redis.on('error', (err: Error) => logger.debug({ err }, 'redis client error'));
  const db = createDbPools(config.dataTier, 5);
  const heartbeatKey = `rw:sys:heartbeat:${config.name}`;
  const monitor = new DataTierMonitor(redis, db.master, logger, heartbeatKey, () =>
    JSON.stringify({ kind, name: config.name, pid: process.pid, at: Date.now() }),
  );
  monitor.start();
  const cleanups: Array<() => Promise<void> | void> = [];

  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception, exiting');
    process.exit(1);
  });
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    monitor.stop();
    for (const [step, fn] of [...cleanups.entries()].reverse()) {
      const t0 = Date.now();
      try {
        await fn();
      } catch (err) {
        logger.error({ err, step }, 'cleanup step failed');
      }
      // `ringwell down` SIGKILLs after 5 s: say which step is slow before that happens.
      if (Date.now() - t0 > 500) logger.warn({ step, ms: Date.now() - t0 }, 'slow cleanup step');
    }
    redis.disconnect();
    await db.end();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  return {
    config,
    logger,
    redis,
    db,
    monitor,
    health: () => healthReport(config.name, kind, monitor.health),
    onShutdown: (fn) => cleanups.push(fn),
  };
}

/** A plain HTTP server with GET /healthz, for processes that serve no other HTTP. */
export function startHealthServer(proc: ServerProcess): Server {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(proc.health()));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not found', code: 'RW_ERR_NOT_FOUND' }));
  });
  server.on('error', (err) => {
    proc.logger.fatal({ err }, `health endpoint cannot listen on ${proc.config.host}:${proc.config.httpPort}`);
    process.exit(1);
  });
  server.listen(proc.config.httpPort, proc.config.host, () =>
    proc.logger.info({ port: proc.config.httpPort }, 'health endpoint listening'),
  );
  proc.onShutdown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return server;
}
