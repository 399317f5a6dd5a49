// `telemeter serve --demo` in a child process, as a user starts it, for the end-to-end tests.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type PeerProcess, startPeerProcess, waitFor } from '@telemeter/testkit';

/** The repository root, from dist/esm/e2e/testing/. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../../../', import.meta.url));
const CLI = join(REPO_ROOT, 'packages', 'cli', 'bin', 'telemeter.js');
const STATIC_INDEX = join(REPO_ROOT, 'packages', 'dashboard', 'static', 'index.html');

export interface DemoServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly process: PeerProcess;
  /** SIGTERM (a graceful close), then removes the data and config. */
  stop(): Promise<void>;
}

export interface DemoServerOptions {
  /** telemeter.yml text, passed with --config; relative paths in it are relative to its temp folder. */
  readonly config?: string;
  /** Extra files written beside the config (e.g. dashboards), by relative name. */
  readonly files?: Readonly<Record<string, string>>;
  /** How long to wait for "telemeter serving on"; default 20 s. */
  readonly timeoutMs?: number;
}

/**
 * Starts `node packages/cli/bin/telemeter.js serve --demo --listen 127.0.0.1:<free port> --data
 * <tmp>` and resolves once it prints "telemeter serving on <url>". Needs the built dashboard
 * (`npm run build`); says so instead of testing the fallback page.
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  if (!existsSync(STATIC_INDEX)) {
    throw new Error(`${STATIC_INDEX} is missing: build the dashboard first (npm run build)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'telemeter-e2e-'));
  const args = [CLI, 'serve', '--demo', '--data', join(dir, 'data')];
  if (options.config !== undefined) {
    await writeFile(join(dir, 'telemeter.yml'), options.config);
    args.push('--config', join(dir, 'telemeter.yml'));
  }
  for (const [name, text] of Object.entries(options.files ?? {})) await writeFile(join(dir, name), text);
  const port = await freePort();
  args.push('--listen', `127.0.0.1:${port}`);
  const child = startPeerProcess(process.execPath, args, { env: { ...process.env, NO_COLOR: '1' } });
  const stop = async () => {
    await child.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const url = await waitFor(
      'telemeter serving on',
      () => {
        if (child.child.exitCode !== null) throw new Error(`telemeter exited early:\n${child.output()}`);
        return /telemeter serving on (http:\/\/\S+)/.exec(child.output())?.[1];
      },
      { timeoutMs: options.timeoutMs ?? 20_000, intervalMs: 50 },
    );
    return { url, process: child, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
