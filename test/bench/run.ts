import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `npm run bench -- <name> [args]`: runs test/bench/<name>.bench.ts (built to
 * dist). Each benchmark exports `run(args)` and prints its headline figures as
 * `bench: <metric>=<value> <unit>` lines, with a reference measured in the same
 * run wherever one exists.
 */
export interface Benchmark {
  run(args: readonly string[]): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const available = (): string[] =>
  readdirSync(here)
    .filter((f) => f.endsWith('.bench.js'))
    .map((f) => f.replace(/\.bench\.js$/, ''))
    .sort();

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  if (!name || !available().includes(name)) {
    process.stderr.write(`usage: npm run bench -- <name> [args]\navailable: ${available().join(', ') || '(none)'}\n`);
    return name ? 2 : 0;
  }
  const mod = (await import(pathToFileURL(`${here}/${name}.bench.js`).href)) as Benchmark;
  await mod.run(args);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
