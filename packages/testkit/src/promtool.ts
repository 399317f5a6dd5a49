import { spawn } from 'node:child_process';
import { binaryPath } from './binaries.js';

export interface PromtoolCheckResult {
  /** 0 clean, 1 parse error, 3 lint problems only (promtool 2.42). */
  exitCode: number;
  parseErrors: string[];
  lintWarnings: string[];
}

/** Runs `promtool check metrics` on Prometheus text exposition (promtool reads stdin and reports on stderr). */
export function promtoolCheckMetrics(text: string): Promise<PromtoolCheckResult> {
  const binary = binaryPath('promtool', 'prometheus');
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const lines = stderr.split('\n').filter((line) => line.trim() !== '');
      const parseErrors = lines.filter((line) => line.includes('error'));
      resolve({
        exitCode: code ?? -1,
        parseErrors,
        lintWarnings: lines.filter((line) => !parseErrors.includes(line)),
      });
    });
    child.stdin.end(text);
  });
}
