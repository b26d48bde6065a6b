import { mkdirSync, writeFileSync } from 'node:fs';
import { renderDispatcherList, renderKamailioConfig } from '@ringwell/lb';
import type { ClusterContext } from '../cluster/cluster-context.js';
import { execCapture, rtpenginePing, sipOptionsProbe } from '../cluster/probes.js';
import type { Component, ProbeResult } from './component.js';
import { ComponentError } from './component.js';

/** Kamailio: the SIP proxy that spreads calls over the telephony servers. */
export function kamailioComponent(ctx: ClusterContext): Component {
  const k = ctx.topology.kamailio;
  return {
    name: 'kamailio',
    kind: 'kamailio',
    port: k.sipPort,
    defaultRole: 'sip proxy',
    stage: 0,
    startTimeoutMs: 15_000,
    stopGraceMs: 5_000,
    async prepare(c) {
      mkdirSync(c.paths.kamailioRun, { recursive: true });
      const list = c.paths.confFile('dispatcher.list');
      writeFileSync(list, renderDispatcherList(c.topology));
      const file = c.paths.confFile('kamailio.cfg');
      writeFileSync(file, renderKamailioConfig(c.topology, { runDir: c.paths.kamailioRun, dispatcherList: list }));
      const check = await execCapture('kamailio', ['-c', '-f', file]);
      if (check.code !== 0) {
        writeFileSync(c.paths.log('kamailio'), `${check.stdout}${check.stderr}`, { flag: 'a' });
        throw new ComponentError('kamailio', 'rendered kamailio.cfg fails "kamailio -c"', c.paths.log('kamailio'));
      }
    },
    spawnSpec(c) {
      return {
        command: 'kamailio',
        // -x tlsf: the Debian build's default allocator costs ~3x the CPU (memory debugging).
        args: [
          '-f', c.paths.confFile('kamailio.cfg'), '-DD', '-E',
          // No -P: a pid file naming a not-yet-reaped zombie makes Kamailio refuse to start; the CLI records pids itself.
          '-Y', c.paths.kamailioRun,
          '-m', String(k.sharedMemoryMb), '-M', String(k.privateMemoryMb), '-x', 'tlsf',
        ],
        logFile: c.paths.log('kamailio'),
      };
    },
    async probe(): Promise<ProbeResult> {
      const status = await sipOptionsProbe(k.host, k.sipPort);
      return { up: status?.startsWith('SIP/2.0 200') ?? false, role: 'sip proxy' };
    },
  };
}

/** rtpengine in userspace: relays the media of every call. */
export function rtpengineComponent(ctx: ClusterContext): Component {
  const r = ctx.topology.rtpengine;
  return {
    name: 'rtpengine',
    kind: 'rtpengine',
    port: r.ngPort,
    defaultRole: 'media relay',
    stage: 0,
    startTimeoutMs: 10_000,
    stopGraceMs: 5_000,
    async prepare() {},
    spawnSpec(c) {
      return {
        command: 'rtpengine',
        args: [
          '--config-file=none', `--interface=${r.host}`, `--listen-ng=${r.host}:${r.ngPort}`,
          '--foreground', '--table=-1', '--log-stderr', '--no-redis-required',
          `--port-min=${r.rtpPortMin}`, `--port-max=${r.rtpPortMax}`, '--num-threads=2', '--log-level=5',
        ],
        logFile: c.paths.log('rtpengine'),
      };
    },
    async probe(): Promise<ProbeResult> {
      return { up: await rtpenginePing(r.host, r.ngPort), role: 'media relay' };
    },
  };
}

