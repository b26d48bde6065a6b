import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { request } from 'node:http';
import { spawn } from 'node:child_process';

/**
 * Small protocol probes: each answers "does this component really serve?"
 * within a timeout and never throws.
 */

export function tcpProbe(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean): void => {
      clearTimeout(t);
      s.destroy();
      resolve(ok);
    };
    const t = setTimeout(() => done(false), timeoutMs);
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export interface HttpProbeResult {
  readonly status: number;
  readonly body: string;
}

export function httpGet(host: string, port: number, path: string, timeoutMs = 1000): Promise<HttpProbeResult | null> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, method: 'GET', timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve(null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

/** Sends one UDP datagram and resolves with the first reply, or null on timeout. */
export function udpExchange(host: string, port: number, payload: Buffer, timeoutMs = 1000): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const sock = createSocket('udp4');
    const done = (v: Buffer | null): void => {
      clearTimeout(t);
      sock.close();
      resolve(v);
    };
    const t = setTimeout(() => done(null), timeoutMs);
    sock.on('message', (msg) => done(msg));
    sock.on('error', () => done(null));
    sock.bind(0, host, () => sock.send(payload, port, host));
  });
}

/** SIP OPTIONS over UDP; resolves with the status line of the answer, or null. */
export async function sipOptionsProbe(host: string, port: number, timeoutMs = 1000): Promise<string | null> {
  const branch = `z9hG4bK${randomBytes(8).toString('hex')}`;
  const callId = randomBytes(8).toString('hex');
  const msg = [
    `OPTIONS sip:${host}:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP ${host}:9;branch=${branch};rport`,
    'Max-Forwards: 70',
    `From: <sip:probe@${host}>;tag=${randomBytes(4).toString('hex')}`,
    `To: <sip:${host}:${port}>`,
    `Call-ID: ${callId}`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const reply = await udpExchange(host, port, Buffer.from(msg), timeoutMs);
  return reply ? (reply.toString('utf8').split('\r\n')[0] ?? null) : null;
}

/** rtpengine's ng protocol `ping` (bencoded, with a cookie); true on `pong`. */
export async function rtpenginePing(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  const cookie = randomBytes(6).toString('hex');
  const reply = await udpExchange(host, port, Buffer.from(`${cookie} d7:command4:pinge`), timeoutMs);
  return reply !== null && reply.toString('utf8').startsWith(cookie) && reply.includes('pong');
}

/**
 * Sends inline Redis commands and returns the raw reply text once `until`
 * matches it (or null on timeout). Enough for AUTH + INFO/PING probes without
 * a client library that reconnects forever.
 */
export function redisProbe(host: string, port: number, commands: readonly string[], until: RegExp, timeoutMs = 1000): Promise<string | null> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    let text = '';
    const done = (v: string | null): void => {
      clearTimeout(t);
      s.destroy();
      resolve(v);
    };
    const t = setTimeout(() => done(null), timeoutMs);
    s.once('connect', () => s.write(commands.map((c) => `${c}\r\n`).join('')));
    s.on('data', (c: Buffer) => {
      text += c.toString('utf8');
      if (until.test(text)) done(text);
    });
    s.once('error', () => done(null));
    s.once('close', () => done(until.test(text) ? text : null));
  });
}

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion with optional stdin; never rejects. */
export function execCapture(command: string, args: readonly string[], stdin?: string, timeoutMs = 30_000): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', (err) => {
      clearTimeout(t);
      resolve({ code: 127, stdout, stderr: `${stderr}${err.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(t);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin ?? '');
  });
}

/** Runs SQL as root over a MariaDB server's unix socket (socket auth; used before any user exists). */
export function mariadbRootSql(socket: string, sql: string, timeoutMs = 15_000): Promise<ExecResult> {
  return execCapture('mariadb', ['--no-defaults', `--socket=${socket}`, '-uroot', '--batch', '--skip-column-names'], sql, timeoutMs);
}
