// Shared by the benchmarks that measure what a collector costs an otherwise idle process
// scraped once per second: each mode runs in a child process of the calling script.
import { spawnSync } from 'node:child_process';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** In the child: scrapes once per second for `seconds`, prints { cpuMicros, wallMs } of that window. */
export async function measureIdleScrapes(collect, seconds) {
  await collect();
  await sleep(1000); // let JIT and the first GCs settle
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < seconds; i++) {
    await sleep(1000);
    await collect();
  }
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  process.stdout.write(JSON.stringify({ cpuMicros: cpu.user + cpu.system, wallMs }));
}

/** In the parent: runs `script --child mode seconds` and returns its CPU use in % of one core. */
export function runIdleChild(script, mode, seconds) {
  const run = spawnSync(process.execPath, [script, '--child', mode, String(seconds)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${mode} child failed: ${run.stderr}`);
  const { cpuMicros, wallMs } = JSON.parse(run.stdout);
  return (cpuMicros / 1000 / wallMs) * 100;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
