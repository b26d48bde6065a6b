/**
 * Whether an SDP puts the call on hold, from the sender's point of view (RFC 3264 §8.4): every
 * active media stream (port not 0) is `sendonly` or `inactive`, or has the RFC 2543 connection
 * address 0.0.0.0. A media-level direction or `c=` line overrides the session-level one. An SDP
 * without active media is not a hold (it is a stream being removed, not paused).
 */
export function isHoldSdp(sdp: string): boolean {
  let sessionDirection = 'sendrecv';
  let sessionNullAddress = false;
  /** Per media section: its own direction and null address (undefined: the session's), and whether its port is not 0. */
  const media: { direction: string | undefined; nullAddress: boolean | undefined; active: boolean }[] = [];
  for (const raw of sdp.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const current = media[media.length - 1];
    if (line.startsWith('m=')) {
      const port = line.slice(2).split(' ')[1] ?? '';
      media.push({ direction: undefined, nullAddress: undefined, active: port !== '0' });
    } else if (line.startsWith('c=')) {
      const isNull = /\s0\.0\.0\.0(\/|$)/.test(line);
      if (current) current.nullAddress = isNull;
      else sessionNullAddress = isNull;
    } else if (line === 'a=sendonly' || line === 'a=inactive' || line === 'a=sendrecv' || line === 'a=recvonly') {
      const direction = line.slice(2);
      if (current) current.direction = direction;
      else sessionDirection = direction;
    }
  }
  const active = media.filter((m) => m.active);
  if (active.length === 0) return false;
  return active.every((m) => {
    const direction = m.direction ?? sessionDirection;
    return direction === 'sendonly' || direction === 'inactive' || (m.nullAddress ?? sessionNullAddress);
  });
}
