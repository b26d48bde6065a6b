import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';

export interface FinalResponse {
  readonly status: number;
  /** Header values by lower-case name (first occurrence). */
  readonly headers: ReadonlyMap<string, string>;
  /** Provisional responses seen before the final one. */
  readonly provisional: readonly number[];
}

/**
 * Places one INVITE over UDP (no SDP) and waits for the final response, then ACKs a non-2xx
 * final as RFC 3261 §17.1.1.3 wants (same branch, the response's To tag). Resolves null when
 * no final answer came within `timeoutMs`. For tests: a phone that calls and hangs up at once.
 */
export async function inviteOnce(host: string, port: number, user: string, timeoutMs: number): Promise<FinalResponse | null> {
  const sock = createSocket('udp4');
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  const local = sock.address().port;
  const branch = `z9hG4bK${randomBytes(8).toString('hex')}`;
  const callId = randomBytes(8).toString('hex');
  const fromTag = randomBytes(4).toString('hex');
  const head = (method: string, toTag: string | null): string[] => [
    `${method} sip:${user}@${host}:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=${branch};rport`,
    'Max-Forwards: 70',
    `From: <sip:caller@127.0.0.1>;tag=${fromTag}`,
    `To: <sip:${user}@${host}>${toTag ? `;tag=${toTag}` : ''}`,
    `Call-ID: ${callId}`,
    `CSeq: 1 ${method}`,
  ];
  const invite = [...head('INVITE', null), `Contact: <sip:caller@127.0.0.1:${local}>`, 'Content-Length: 0', '', ''].join('\r\n');
  try {
    return await new Promise<FinalResponse | null>((resolve) => {
      const provisional: number[] = [];
      const timer = setTimeout(() => resolve(null), timeoutMs);
      sock.on('message', (buf) => {
        const lines = buf.toString('utf8').split('\r\n');
        const status = Number(/^SIP\/2\.0 (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
        if (status === 0) return;
        if (status < 200) {
          provisional.push(status);
          return;
        }
        const headers = new Map<string, string>();
        for (const line of lines.slice(1)) {
          const i = line.indexOf(':');
          if (i > 0 && !headers.has(line.slice(0, i).trim().toLowerCase())) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
        }
        if (status >= 300) {
          const toTag = /;tag=([^;>\s]+)/.exec(headers.get('to') ?? '')?.[1] ?? null;
          sock.send(Buffer.from([...head('ACK', toTag), 'Content-Length: 0', '', ''].join('\r\n')), port, host);
        }
        clearTimeout(timer);
        resolve({ status, headers, provisional });
      });
      sock.send(Buffer.from(invite), port, host);
    });
  } finally {
    // Let the ACK leave before the socket closes.
    await new Promise((r) => setTimeout(r, 20));
    sock.close();
  }
}
