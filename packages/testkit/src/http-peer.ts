import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestkitError } from './errors.js';
import { freePort } from './free-port.js';
import { startPeerProcess } from './peer-process.js';
import { waitFor } from './wait.js';

/** How much of a peer's log an error message quotes. */
const LOG_TAIL_CHARS = 2_000;

export interface HttpPeerSpec {
  /** Names the peer in error messages, e.g. `VictoriaMetrics`. */
  name: string;
  binary: string;
  /** Prefix of the temp dir, e.g. `telemeter-vm-`. */
  tempPrefix: string;
  /** Writes any config files into `dir` and returns the command-line flags. */
  flags(dir: string, port: number): Promise<readonly string[]> | readonly string[];
  /** Polled with GET until it answers 2xx, e.g. `/-/ready`. */
  readyPath: string;
  readyTimeoutMs?: number;
}

/** A peer serving HTTP on 127.0.0.1 with its own temp dir; `stop()` ends it by PID and removes the dir. */
export interface HttpPeer {
  readonly url: string;
  readonly port: number;
  /** Temp dir holding the peer's config and data; gone after `stop()`. */
  readonly dir: string;
  readonly pid: number;
  /** Everything the peer logged so far. */
  output(): string;
  /** Idempotent. */
  stop(): Promise<void>;
}

/** The last lines of a peer's log, for error messages. */
export function logTail(output: string): string {
  const tail = output.slice(-LOG_TAIL_CHARS).trimEnd();
  return tail === '' ? '(no output)' : tail;
}

/**
 * Starts `spec.binary` on a free loopback port and waits for `readyPath`. A peer that exits while
 * starting fails at once with its log (not after the ready timeout), and a failed start leaves
 * neither a process nor a temp dir behind.
 */
export async function startHttpPeer(spec: HttpPeerSpec): Promise<HttpPeer> {
  const dir = await mkdtemp(join(tmpdir(), spec.tempPrefix));
  let proc: ReturnType<typeof startPeerProcess> | undefined;
  const stop = async () => {
    await proc?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    const flags = await spec.flags(dir, port);
    const started = startPeerProcess(spec.binary, flags);
    proc = started;
    const spawnError = new Promise<Error>((resolve) => started.child.once('error', resolve));
    const url = `http://127.0.0.1:${port}`;
    const timeoutMs = spec.readyTimeoutMs ?? 20_000;
    const outcome = await waitFor(
      `${spec.name} ${spec.readyPath}`,
      async () => {
        const { exitCode, signalCode } = started.child;
        if (exitCode !== null || signalCode !== null) return `exited with ${exitCode ?? signalCode}`;
        const failed = await Promise.race([spawnError, Promise.resolve(undefined)]);
        if (failed) return `could not be started: ${failed.message}`;
        const res = await fetch(`${url}${spec.readyPath}`);
        await res.arrayBuffer(); // read, not cancelled: see victoria-metrics.ts
        return res.ok ? 'ready' : undefined;
      },
      { timeoutMs, intervalMs: 50 },
    ).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
    if (outcome !== 'ready') {
      throw new TestkitError(
        'TM_TESTKIT_PEER_START_FAILED',
        `${spec.name} (${spec.binary}) ${outcome} before ${url}${spec.readyPath} answered; ` +
          `flags: ${flags.join(' ')}\n${logTail(started.output())}`,
      );
    }
    return { url, port, dir, pid: started.child.pid ?? -1, output: started.output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * fetch() that throws TM_TESTKIT_PEER_REQUEST_FAILED with the status and body when the peer
 * answers outside 2xx, so a failing test shows the peer's own words.
 */
export async function peerRequest(what: string, url: string, init?: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (error) {
    throw new TestkitError(
      'TM_TESTKIT_PEER_REQUEST_FAILED',
      `${what}: ${init?.method ?? 'GET'} ${url} failed`,
      {
        cause: error,
      },
    );
  }
  if (!res.ok) {
    const body = await res.text().catch(() => '');
    throw new TestkitError(
      'TM_TESTKIT_PEER_REQUEST_FAILED',
      `${what}: ${init?.method ?? 'GET'} ${url} answered ${res.status}: ${body.slice(0, LOG_TAIL_CHARS)}`,
    );
  }
  return res;
}
