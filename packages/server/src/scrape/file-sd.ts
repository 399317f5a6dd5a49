import { type FSWatcher, watch } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ServerLogger } from '../http/types.js';
import { LABEL_NAME } from './relabel.js';
import type { TargetGroup } from './target-labels.js';
import type { FileSdConfig } from './types.js';

// File-based service discovery, as Prometheus's file_sd: files of [{targets, labels}] in JSON or
// YAML, re-read when they change (fs.watch on their directories, which also sees files replaced
// by rename) and every refresh interval in case a watch event was missed. A file that cannot be
// parsed keeps the targets it had, so a half-written file never empties a pool.

/** Waits for a burst of watch events (an editor's write + rename) to settle before reading. */
const WATCH_SETTLE_MS = 25;

const EXTENSIONS = new Set(['.json', '.yml', '.yaml']);

/** Parses one file SD file; throws an Error that names the file and the entry at fault. */
export function parseTargetGroupsFile(text: string, file: string): TargetGroup[] {
  const ext = extname(file).toLowerCase();
  if (!EXTENSIONS.has(ext))
    throw new Error(`${file}: unsupported file extension ${JSON.stringify(ext)}: use .json, .yml or .yaml`);
  let doc: unknown;
  try {
    doc = ext === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new Error(`${file}: not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message}`);
  }
  // An empty YAML file is an empty list, as Prometheus reads it.
  if (doc === null || doc === undefined) {
    if (ext !== '.json') return [];
  }
  if (!Array.isArray(doc))
    throw new Error(`${file}: expected a list of {targets, labels} groups at the top level`);
  return doc.map((entry, i) => parseGroup(entry, `${file}: [${i}]`));
}

function parseGroup(entry: unknown, where: string): TargetGroup {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    throw new Error(`${where}: expected an object with "targets" and optional "labels"`);
  }
  const record = entry as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'targets' && key !== 'labels')
      throw new Error(
        `${where}: unknown key ${JSON.stringify(key)}: only "targets" and "labels" are allowed`,
      );
  }
  const targets = record.targets;
  if (!Array.isArray(targets) || targets.some((t) => typeof t !== 'string')) {
    throw new Error(`${where}.targets: expected a list of "host:port" strings`);
  }
  const labels: Record<string, string> = {};
  const raw = record.labels ?? {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new Error(`${where}.labels: expected a map of label name to value`);
  for (const [name, value] of Object.entries(raw)) {
    if (!LABEL_NAME.test(name))
      throw new Error(`${where}.labels: ${JSON.stringify(name)} is not a valid label name`);
    if (typeof value !== 'string')
      throw new Error(`${where}.labels.${name}: expected a string value, got ${typeof value}`);
    labels[name] = value;
  }
  return { targets: targets as string[], labels };
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${escaped}$`);
}

/** Watches the files of one `file_sd_configs` entry and keeps their target groups. */
export class FileDiscovery {
  private readonly perFile = new Map<string, TargetGroup[]>();
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private settle: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly config: FileSdConfig,
    private readonly logger: ServerLogger,
    private readonly onChange: () => void,
    private readonly onReadError: () => void,
  ) {}

  /** Every group of every file, each labelled `__meta_filepath`. */
  groups(): TargetGroup[] {
    const out: TargetGroup[] = [];
    for (const file of [...this.perFile.keys()].sort()) {
      for (const g of this.perFile.get(file) ?? [])
        out.push({ targets: g.targets, labels: { ...g.labels, __meta_filepath: file } });
    }
    return out;
  }

  /** Reads the files once, then watches them. */
  async start(): Promise<void> {
    await this.refresh();
    for (const dir of new Set(this.config.files.map((f) => dirname(f)))) {
      try {
        const watcher = watch(dir, { persistent: false }, () => this.scheduleRefresh());
        watcher.on('error', (err) =>
          this.logger.warn(
            `file SD: watching ${dir} failed, relying on the refresh interval: ${err.message}`,
          ),
        );
        this.watchers.push(watcher);
      } catch (err) {
        this.logger.warn(
          `file SD: cannot watch ${dir}, relying on the refresh interval: ${(err as Error).message}`,
        );
      }
    }
    if (this.config.refreshIntervalMs > 0) {
      this.timer = setInterval(() => this.scheduleRefresh(), this.config.refreshIntervalMs);
      this.timer.unref();
    }
  }

  stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.watchers.splice(0)) w.close();
    clearInterval(this.timer);
    clearTimeout(this.settle);
    return this.running ?? Promise.resolve();
  }

  private scheduleRefresh(): void {
    if (this.stopped || this.settle !== undefined) return;
    this.settle = setTimeout(() => {
      this.settle = undefined;
      void this.refresh();
    }, WATCH_SETTLE_MS);
    this.settle.unref();
  }

  /** Re-reads every file; runs one at a time, and once more if asked while running. */
  refresh(): Promise<void> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.readAll();
      } while (this.again && !this.stopped);
      this.running = undefined;
    })();
    return this.running;
  }

  private async listFiles(): Promise<string[]> {
    const files = new Set<string>();
    for (const pattern of this.config.files) {
      const base = basename(pattern);
      if (!/[*?]/.test(base)) {
        files.add(pattern);
        continue;
      }
      const dir = dirname(pattern);
      const re = globToRegExp(base);
      try {
        for (const name of await readdir(dir)) {
          if (re.test(name) && EXTENSIONS.has(extname(name).toLowerCase())) files.add(join(dir, name));
        }
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
          this.readFailed(`file SD: cannot list ${dir}: ${(err as Error).message}`);
      }
    }
    return [...files];
  }

  private async readAll(): Promise<void> {
    const before = JSON.stringify(this.groups());
    const files = await this.listFiles();
    for (const file of [...this.perFile.keys()]) if (!files.includes(file)) this.perFile.delete(file);
    for (const file of files) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') this.perFile.delete(file);
        else
          this.readFailed(
            `file SD: cannot read ${file}: ${(err as Error).message}; keeping its previous targets`,
          );
        continue;
      }
      try {
        this.perFile.set(file, parseTargetGroupsFile(text, file));
      } catch (err) {
        this.readFailed(`file SD: ${(err as Error).message}; keeping the previous targets of ${file}`);
      }
    }
    if (!this.stopped && JSON.stringify(this.groups()) !== before) this.onChange();
  }

  private readFailed(message: string): void {
    this.onReadError();
    this.logger.error(message);
  }
}
