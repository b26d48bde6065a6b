import { RedisAcdStore } from '@ringwell/acd-redis';
import { envPort } from '@ringwell/db';
import { startHealthServer, startServerProcess } from '@ringwell/runtime';
import { AcdHousekeeping } from './acd-housekeeping.js';

/**
 * Telephony server. Today it runs the ACD's housekeeping against the shared Redis store (lost
 * offers, overdue wrap-ups, skill relaxation; see acd-housekeeping.ts) next to its health
 * endpoint and heartbeat; the heartbeat is what tells the other servers its calls are alive.
 * It does not answer SIP yet, so Kamailio's dispatcher sees it as inactive.
 */
const proc = startServerProcess('telephony-server');
const sipPort = envPort(process.env, 'RINGWELL_SIP_PORT');
startHealthServer(proc);
const housekeeping = new AcdHousekeeping(new RedisAcdStore(proc.redis), proc.redis, proc.logger);
housekeeping.start();
proc.onShutdown(() => housekeeping.stop());
proc.logger.info({ sipPort }, 'telephony server started: ACD housekeeping running (SIP not served yet)');
