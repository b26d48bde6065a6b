import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { RecordedProcess } from './process-control.js';

/**
 * The processes a cluster's CLI started, by component name, persisted in the
 * state dir so that `down` and `status` in a later invocation find exactly them.
 */
export class ProcessTable {
  private entries: Record<string, RecordedProcess>;

  constructor(private readonly file: string) {
    this.entries = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, RecordedProcess>) : {};
  }

  get(name: string): RecordedProcess | undefined {
    return this.entries[name];
  }

  all(): Array<[string, RecordedProcess]> {
    return Object.entries(this.entries);
  }

  set(name: string, p: RecordedProcess): void {
    this.entries[name] = p;
    this.save();
  }

  delete(name: string): void {
    delete this.entries[name];
    this.save();
  }

  private save(): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.entries, null, 2)}\n`);
    renameSync(tmp, this.file);
  }
}
