import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClusterContext, resolveClusterOptions } from '@ringwell/cli';
import { SmbStorageDriver, keyPath, putBuffer } from '@ringwell/storage';
import type { StorageKey } from '@ringwell/storage';
import { REPO_ROOT } from '../src/test-cluster.js';
import { stringArg } from './bench-args.js';

/**
 * `npm run bench -- storage [--base-port N] [--state-dir DIR] [--mb 100] [--prompts 200]`
 * against a running cluster (default: the developer's, port 20000).
 * Uploads one large file and many small prompts through HAProxy to Samba with
 * Ringwell's SMB driver, then the same files with `smbclient` in the same run.
 */
function smbclient(target: string, port: number, user: string, password: string, commands: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // The password goes through the environment (PASSWD), never the command line.
    const child = spawn('smbclient', [target, '-p', String(port), '-U', user, '-m', 'SMB3', '-c', commands], {
      env: { ...process.env, PASSWD: password },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && !/NT_STATUS_/.test(err) ? resolve() : reject(new Error(`smbclient exited ${code}: ${err.trim()}`))));
  });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export async function run(args: readonly string[]): Promise<void> {
  const options = resolveClusterOptions(REPO_ROOT, { basePort: stringArg(args, 'base-port'), stateDir: stringArg(args, 'state-dir') });
  const ctx = loadClusterContext(options, REPO_ROOT);
  const t = ctx.topology;
  const mb = Number(stringArg(args, 'mb') ?? 100);
  const prompts = Number(stringArg(args, 'prompts') ?? 200);
  const tenantId = 990_000 + Math.floor(Math.random() * 9_999);
  const driver = new SmbStorageDriver({ host: t.haproxy.host, port: t.haproxy.smbPort, share: t.samba.share, user: t.samba.user, password: ctx.secrets.smbPassword });
  const target = `//${t.haproxy.host}/${t.samba.share}`;
  const client = (commands: string): Promise<void> => smbclient(target, t.haproxy.smbPort, t.samba.user, ctx.secrets.smbPassword, commands);
  const work = await mkdtemp(join(tmpdir(), 'rw-bench-'));
  try {
    const big = join(work, 'big.wav');
    await writeFile(big, randomBytes(mb * 1024 * 1024));
    const promptDir = join(work, 'prompts');
    await mkdir(promptDir);
    for (let i = 0; i < prompts; i++) await writeFile(join(promptDir, `p${i}.wav`), randomBytes(16 * 1024));
    process.stdout.write(`storage bench: ${mb} MB file and ${prompts} prompts of 16 KiB to ${target} via HAProxy :${t.haproxy.smbPort}\n`);

    const bigKey: StorageKey = { scope: 'tenant', tenantId, kind: 'recordings', dir: ['bench'], name: 'big.wav' };
    const promptKey = (i: number): StorageKey => ({ scope: 'tenant', tenantId, kind: 'prompts', name: `p${i}.wav` });
    // Warm up: connect and create the folders, so both clients write into existing directories.
    await putBuffer(driver, { ...bigKey, name: 'warm.wav' }, Buffer.from('x'));
    await putBuffer(driver, promptKey(0), Buffer.from('x'));
    const remoteBigDir = keyPath(bigKey).split('/').slice(0, -1).join('\\');
    const remotePromptDir = keyPath(promptKey(0)).split('/').slice(0, -1).join('\\');

    // Best of three for each, alternating, so neither gets a warmer cache.
    let smb = Infinity;
    let ref = Infinity;
    for (let i = 0; i < 3; i++) {
      smb = Math.min(smb, await timed(() => driver.put(bigKey, createReadStream(big))));
      ref = Math.min(ref, await timed(() => client(`cd ${remoteBigDir}; put ${big} ref-big.wav`)));
    }
    const smbMbs = mb / smb;
    const refMbs = mb / ref;
    process.stdout.write(`bench: smb_upload_mb_per_s=${smbMbs.toFixed(1)} MB/s\n`);
    process.stdout.write(`bench: smbclient_upload_mb_per_s=${refMbs.toFixed(1)} MB/s\n`);
    process.stdout.write(`bench: smb_vs_smbclient_upload_ratio=${(smbMbs / refMbs).toFixed(2)} x\n`);

    // Small prompts: content read from disk like a prompt upload; one session, sequential, as smbclient's mput does.
    const promptData = await Promise.all(Array.from({ length: prompts }, (_, i) => readFile(join(promptDir, `p${i}.wav`))));
    const seq = await timed(async () => {
      for (let i = 0; i < prompts; i++) await putBuffer(driver, promptKey(i), promptData[i] as Buffer);
    });
    const par = await timed(async () => {
      let next = 0;
      const lane = async (): Promise<void> => {
        for (let i = next++; i < prompts; i = next++) await putBuffer(driver, promptKey(i), promptData[i] as Buffer);
      };
      await Promise.all(Array.from({ length: 8 }, lane));
    });
    const refSmall = await timed(() => client(`cd ${remotePromptDir}; lcd ${promptDir}; prompt off; mput *.wav`));
    process.stdout.write(`bench: smb_prompt_files_per_s=${(prompts / seq).toFixed(0)} files/s\n`);
    process.stdout.write(`bench: smb_prompt_files_per_s_8_parallel=${(prompts / par).toFixed(0)} files/s\n`);
    process.stdout.write(`bench: smbclient_prompt_files_per_s=${(prompts / refSmall).toFixed(0)} files/s\n`);
    process.stdout.write(`bench: smb_vs_smbclient_prompt_ratio=${(prompts / seq / (prompts / refSmall)).toFixed(2)} x\n`);
  } finally {
    await driver.close();
    await rm(work, { recursive: true, force: true });
    await rm(join(ctx.paths.smbShare, 'tenants', String(tenantId)), { recursive: true, force: true });
  }
}
