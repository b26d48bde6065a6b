import { randomBytes } from 'node:crypto';
import { sipOptionsProbe, udpExchange } from '@ringwell/cli';
import { describe, expect, it } from 'vitest';
import { testCluster } from '../src/test-cluster.js';

const ctx = testCluster();

describe('Kamailio SIP proxy', () => {
  it('answers SIP OPTIONS addressed to itself with 200', async () => {
    const k = ctx.topology.kamailio;
    expect(await sipOptionsProbe(k.host, k.sipPort, 2000)).toBe('SIP/2.0 200 OK');
  });

  it('refuses a call with 503 while no telephony server answers SIP, instead of dropping it', async () => {
    const k = ctx.topology.kamailio;
    const tag = randomBytes(4).toString('hex');
    const invite = [
      `INVITE sip:1000@${k.host}:${k.sipPort} SIP/2.0`,
      `Via: SIP/2.0/UDP ${k.host}:9;branch=z9hG4bK${randomBytes(8).toString('hex')};rport`,
      'Max-Forwards: 70',
      `From: <sip:caller@${k.host}>;tag=${tag}`,
      `To: <sip:1000@${k.host}>`,
      `Call-ID: ${randomBytes(8).toString('hex')}`,
      'CSeq: 1 INVITE',
      `Contact: <sip:caller@${k.host}:9>`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    // Kamailio may send 100 Trying first; the final answer follows. The telephony
    // servers do not speak SIP yet (issue 4), so the dispatcher has no active target.
    const first = await udpExchange(k.host, k.sipPort, Buffer.from(invite), 8000);
    expect(first).not.toBeNull();
    const status = first?.toString('utf8').split('\r\n')[0] ?? '';
    expect(status).toMatch(/^SIP\/2\.0 (100|503)/);
  });
});
