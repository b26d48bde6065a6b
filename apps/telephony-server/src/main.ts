import { envPort } from '@ringwell/db';
import { startHealthServer, startServerProcess } from '@ringwell/runtime';

/**
 * Telephony server: will terminate SIP/RTP, run call flows and distribute
 * queued calls (issues 3 and 4). Today it is a real process with its health
 * endpoint, heartbeat and data-tier clients; it does not answer SIP yet, so
 * Kamailio's dispatcher sees it as inactive.
 */
const proc = startServerProcess('telephony-server');
const sipPort = envPort(process.env, 'RINGWELL_SIP_PORT');
startHealthServer(proc);
proc.logger.info({ sipPort }, 'telephony server started (SIP not served yet)');
