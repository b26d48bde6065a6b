import { describe, expect, it } from 'vitest';
import { buildLocalTopology, PORT_BLOCK_SIZE } from './local-topology.js';

function allPorts(base: number): number[] {
  const t = buildLocalTopology({ basePort: base });
  const h = t.haproxy;
  return [
    h.dbMasterPort, h.dbStatsPort, h.dbReportPort, h.webPort, h.smbPort, h.statsPort,
    ...t.mariadb.nodes.map((n) => n.port), ...t.redis.nodes.map((n) => n.port), ...t.redis.sentinels.map((n) => n.port),
    t.samba.port, t.kamailio.sipPort, t.rtpengine.ngPort,
    ...t.telephonyServers.flatMap((n) => [n.sipPort, n.httpPort]), ...t.webServers.map((n) => n.httpPort), ...t.workers.map((n) => n.httpPort),
  ];
}

describe('local topology', () => {
  it('gives every component its own port inside the block, below the RTP range', () => {
    const t = buildLocalTopology({ basePort: 20000 });
    const ports = allPorts(20000);
    expect(new Set(ports).size).toBe(ports.length);
    for (const p of ports) {
      expect(p).toBeGreaterThanOrEqual(20000);
      expect(p).toBeLessThan(t.rtpengine.rtpPortMin);
    }
    expect(t.rtpengine.rtpPortMax).toBeLessThan(20000 + PORT_BLOCK_SIZE);
  });

  it('two clusters one block apart share no port', () => {
    const a = new Set(allPorts(22000));
    expect(allPorts(23000).filter((p) => a.has(p))).toEqual([]);
  });

  it('wires replication m1<->m2, s1<-m1, s2<-m2 with distinct GTID domains and interleaved ids', () => {
    const t = buildLocalTopology({ basePort: 20000 });
    const by = Object.fromEntries(t.mariadb.nodes.map((n) => [n.name, n]));
    expect([by['m1']?.replicatesFrom, by['m2']?.replicatesFrom, by['s1']?.replicatesFrom, by['s2']?.replicatesFrom]).toEqual(['m2', 'm1', 'm1', 'm2']);
    expect(new Set(t.mariadb.nodes.map((n) => n.gtidDomainId)).size).toBe(4);
    expect(new Set(t.mariadb.nodes.map((n) => n.serverId)).size).toBe(4);
    expect([by['m1']?.autoIncrementOffset, by['m2']?.autoIncrementOffset]).toEqual([1, 2]);
    expect(t.mariadb.nodes.filter((n) => n.readOnly).map((n) => n.name)).toEqual(['s1', 's2']);
  });

  it('refuses a base port whose block does not fit', () => {
    expect(() => buildLocalTopology({ basePort: 80 })).toThrow(RangeError);
    expect(() => buildLocalTopology({ basePort: 65000 })).toThrow(RangeError);
    expect(() => buildLocalTopology({ basePort: 20000.5 })).toThrow(RangeError);
  });
});
