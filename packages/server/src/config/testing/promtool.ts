// Runs the real `promtool check config` on a prometheus.yml, to hold our validator to Prometheus's.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PromtoolVerdict {
  readonly valid: boolean;
  readonly output: string;
}

/** Whether promtool accepts `prometheusYml` as a Prometheus configuration. */
export function promtoolCheckConfig(binary: string, prometheusYml: string): Promise<PromtoolVerdict> {
  const dir = mkdtempSync(join(tmpdir(), 'telemeter-promtool-'));
  const file = join(dir, 'prometheus.yml');
  writeFileSync(file, prometheusYml);
  return new Promise((resolve, reject) => {
    execFile(binary, ['check', 'config', file], { cwd: dir }, (error, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      const code = error === null ? 0 : (error as { code?: unknown }).code;
      if (typeof code !== 'number') reject(error);
      else resolve({ valid: code === 0, output: `${stdout}${stderr}` });
    });
  });
}
