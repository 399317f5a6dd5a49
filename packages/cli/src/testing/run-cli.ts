import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The real bin, as a user runs it (it imports dist/esm/main.js). */
export const BIN = fileURLToPath(new URL('../../../bin/telemeter.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The test's environment without what changes the CLI's output (colour, token). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  delete env.TELEMETER_TOKEN;
  delete env.TELEMETER_DEBUG;
  return { ...env, ...extra };
}

/** Runs `telemeter ...args` to completion; stdout and stderr are pipes (not a TTY). */
export async function runCli(
  args: readonly string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliResult> {
  const cli = startCli(args, options);
  const timer = setTimeout(() => cli.child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  try {
    return await cli.exited;
  } finally {
    clearTimeout(timer);
  }
}

export interface RunningCli {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches `pattern` (with the match), rejects if the process exits first. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  readonly exited: Promise<CliResult>;
}

/** Starts `telemeter ...args` and leaves it running (serve, demo, show --watch). */
export function startCli(
  args: readonly string[],
  options: { env?: Record<string, string> } = {},
): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: cleanEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(child, 'close').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    stdout,
    stderr,
  }));
  const waitForStdout = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = stdout.match(pattern);
        if (match) {
          cleanup();
          resolve(match);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `stdout never matched ${pattern} within ${timeoutMs} ms; stdout: ${stdout} stderr: ${stderr}`,
          ),
        );
      }, timeoutMs);
      const onExit = () => {
        cleanup();
        reject(new Error(`exited before stdout matched ${pattern}; stdout: ${stdout} stderr: ${stderr}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.stdout.off('data', check);
        child.off('close', onExit);
      };
      child.stdout.on('data', check);
      child.once('close', onExit);
      check();
    });
  return { child, stdout: () => stdout, stderr: () => stderr, waitForStdout, exited };
}
