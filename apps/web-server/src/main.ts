import { startServerProcess } from '@ringwell/runtime';
import Fastify from 'fastify';

/**
 * Web server: will serve the agent portal, wallboard and tenant admin with
 * realtime over socket.io. Today it serves its health endpoint and a landing
 * page naming the instance, so HAProxy's cookie stickiness can be seen.
 */
const proc = startServerProcess('web-server');
const app = Fastify({ loggerInstance: proc.logger });

app.get('/healthz', async () => proc.health());
app.get('/', async (_req, reply) => {
  const h = proc.health();
  reply.type('text/html; charset=utf-8');
  return `<!doctype html><html><head><title>Ringwell</title></head><body>
<h1>Ringwell</h1><p>Served by <strong id="instance">${h.name}</strong>. Status: <span id="status">${h.status}</span>.</p>
<p>The agent portal, wallboard and tenant admin arrive with later releases.</p></body></html>`;
});

proc.onShutdown(() => app.close());
app.listen({ port: proc.config.httpPort, host: proc.config.host }).catch((err: unknown) => {
  proc.logger.fatal({ err }, `web server cannot listen on ${proc.config.host}:${proc.config.httpPort}`);
  process.exit(1);
});
