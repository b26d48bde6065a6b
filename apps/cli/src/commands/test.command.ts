import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { cwd, stdio: 'inherit', env });
    child.on('error', (err) => {
      process.stderr.write(`cannot run ${command}: ${err.message}\n`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites: number;
}

/**
 * `ringwell test [vitest args]`: lint, then every unit and integration test.
 * The integration project's harness brings up its own cluster (ports 22000+,
 * state in .ringwell-test) and tears it down. Ends with `N passed, N failed`.
 */
export async function testCommand(repoRoot: string, vitestArgs: readonly string[]): Promise<number> {
  const out = (s: string): void => void process.stdout.write(`${s}\n`);
  out('== lint (typescript-eslint)');
  const lint = await run(process.execPath, [join(repoRoot, 'node_modules/eslint/bin/eslint.js'), '.'], repoRoot);
  out(lint === 0 ? 'lint: clean' : 'lint: FAILED');

  out('== tests (vitest: unit, integration)');
  const report = join(repoRoot, 'test-results', 'vitest.json');
  rmSync(report, { force: true });
  const code = await run(
    process.execPath,
    [join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...vitestArgs],
    repoRoot,
  );
  if (!existsSync(report)) {
    out(`vitest exited with code ${code} and wrote no report`);
    out('0 passed, 1 failed');
    return code === 0 ? 1 : code;
  }
  const r = JSON.parse(readFileSync(report, 'utf8')) as VitestJson;
  // A suite that failed to load (e.g. the harness could not start the cluster) counts as a failure too.
  const failed = r.numFailedTests + (r.numFailedTests === 0 ? r.numFailedTestSuites : 0) + (lint === 0 ? 0 : 1);
  const skipped = r.numPendingTests + r.numTodoTests;
  if (lint !== 0) out('(lint failure counted as 1 failed)');
  out(`${r.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
  return code !== 0 || failed > 0 ? 1 : 0;
}
