import { RedisAcdStore } from '@ringwell/acd-redis';
import { envPort } from '@ringwell/db';
import { startHealthServer, startServerProcess } from '@ringwell/runtime';
import { AcdHousekeeping } from './acd-housekeeping.js';
import { startSipFront } from './sip-front.js';

/**
 * Telephony server. Today it:
 * - answers SIP on its port with Ringwell's own stack (sip-front.ts): OPTIONS for Kamailio's
 *   dispatcher, and a clear 480 for calls until the call-flow executor exists;
 * - runs the ACD's housekeeping against the shared Redis store (lost offers, overdue
 *   wrap-ups, skill relaxation; acd-housekeeping.ts);
 * - serves its health endpoint and heartbeat; the heartbeat tells the other servers that the
 *   calls this one owns are alive.
 */
const proc = startServerProcess('telephony-server');
const sipPort = envPort(process.env, 'RINGWELL_SIP_PORT');
startHealthServer(proc);
const housekeeping = new AcdHousekeeping(new RedisAcdStore(proc.redis), proc.redis, proc.logger);
housekeeping.start();
proc.onShutdown(() => housekeeping.stop());
startSipFront({ host: proc.config.host, port: sipPort, serverName: proc.config.name }, proc.logger).then(
  (sip) => {
    proc.onShutdown(() => sip.close());
    // which UDP socket carries SIP: `dgram` means the native one is not built (docs/sip-stack.md)
    proc.logger.info({ sipPort, udpSocket: sip.transport.udpSocketKind }, 'telephony server started: SIP answered, ACD housekeeping running');
  },
  (err: unknown) => {
    // A SIP port we cannot bind makes this server useless to Kamailio: fail loudly, so
    // `ringwell up` names it instead of reporting a server that takes no calls.
    proc.logger.fatal({ err, sipPort }, 'cannot listen for SIP');
    process.exit(1);
  },
);
