#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { loadClusterContext, resolveClusterOptions } from './cluster/cluster-context.js';
import { downCommand } from './commands/down.command.js';
import { envCommand } from './commands/env.command.js';
import { migrateCommand } from './commands/migrate.command.js';
import { statusCommand } from './commands/status.command.js';
import { retentionCommand, storageUsageCommand } from './commands/storage.command.js';
import { testCommand } from './commands/test.command.js';
import { upCommand } from './commands/up.command.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const HELP = `Usage: ringwell <command> [options]

Commands:
  up                 start the local cluster (or whatever of it is down), migrate, seed the demo tenant
  status [--json]    one row per component: up/down, role, port, pid (exit 3 if any is down)
  down [--purge]     stop exactly the processes this cluster started; --purge also deletes its state
  migrate            apply pending database migrations through db-master
  env                print shell exports for this cluster's data tier
  storage-usage      used space on the share per tenant and kind, and the recording projection
  retention [--dry-run]  apply each tenant's file retention now (--dry-run: only list what would go)
  test [args]        lint and run every test (args go to vitest, e.g. --project unit)

Options (also from the environment):
  --base-port N      first port of the cluster's block of 1000 (RINGWELL_BASE_PORT, default 20000)
  --state-dir DIR    the cluster's state folder (RINGWELL_STATE_DIR, default ./.ringwell)
`;

interface Parsed {
  command: string;
  flags: Map<string, string | true>;
  rest: string[];
}

function parseArgs(argv: readonly string[]): Parsed {
  const [command = 'help', ...args] = argv;
  const flags = new Map<string, string | true>();
  const rest: string[] = [];
  const valued = new Set(['--base-port', '--state-dir']);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (valued.has(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      flags.set(name, v);
    } else if (command !== 'test' && a.startsWith('--')) {
      flags.set(a, true);
    } else {
      rest.push(a);
    }
  }
  return { command, flags, rest };
}

async function main(argv: readonly string[]): Promise<number> {
  const { command, flags, rest } = parseArgs(argv);
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return 0;
  }
  if (command === 'test') return testCommand(REPO_ROOT, rest);
  const known = new Set(['--json', '--purge', '--dry-run', '--base-port', '--state-dir']);
  for (const f of flags.keys()) if (!known.has(f)) throw new Error(`unknown option ${f} (see ringwell help)`);
  const str = (k: string): string | undefined => {
    const v = flags.get(k);
    return typeof v === 'string' ? v : undefined;
  };
  const options = resolveClusterOptions(REPO_ROOT, { basePort: str('--base-port'), stateDir: str('--state-dir') });
  const ctx = loadClusterContext(options, REPO_ROOT);
  switch (command) {
    case 'up':
      return upCommand(ctx);
    case 'down':
      return downCommand(ctx, flags.has('--purge'));
    case 'status':
      return statusCommand(ctx, flags.has('--json'));
    case 'migrate':
      return migrateCommand(ctx);
    case 'env':
      return envCommand(ctx);
    case 'storage-usage':
      return storageUsageCommand(ctx);
    case 'retention':
      return retentionCommand(ctx, flags.has('--dry-run'));
    default:
      process.stderr.write(`unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`ringwell: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
