import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SystemMetricsReadError } from './errors.js';
import { perScrape } from './per-scrape.js';

/**
 * One /proc file, read and parsed at most once per scrape however many metrics use it.
 *
 * Reads are synchronous on purpose: /proc files are generated from kernel memory without touching
 * a disk (a few µs each), which is cheaper than a round trip through the libuv thread pool.
 */
export class ProcSource<T> {
  readonly path: string;
  /** The parsed file. @throws SystemMetricsReadError when it cannot be read. */
  readonly get: () => T;

  constructor(
    procfs: string,
    file: string,
    private readonly parse: (text: string) => T,
  ) {
    this.path = join(procfs, file);
    this.get = perScrape(() => {
      let text: string;
      try {
        text = readFileSync(this.path, 'utf8');
      } catch (error) {
        throw new SystemMetricsReadError(this.path, `reading ${this.path} failed (${describeError(error)})`, {
          cause: error,
        });
      }
      return this.parse(text);
    });
  }

  /** Reads now, bypassing the per-scrape cache; `undefined` if unreadable. */
  probe(): T | undefined {
    try {
      return this.parse(readFileSync(this.path, 'utf8'));
    } catch {
      return undefined;
    }
  }

  /** Throws the error a family raises when the file was read but lacks what it needs. */
  missing(what: string): never {
    throw new SystemMetricsReadError(this.path, `${this.path} has no ${what} (unexpected format)`);
  }
}

export function describeError(error: unknown): string {
  // Node's fs errors already start with their code: "ENOENT: no such file or directory, open ...".
  return error instanceof Error ? error.message : String(error);
}
