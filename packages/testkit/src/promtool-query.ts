import { spawn } from 'node:child_process';
import { binaryPath } from './binaries.js';
import { PromtoolError, TestkitError } from './errors.js';
import type { QueryResult } from './instant-query.js';

/** Unix seconds (fractions allowed), an RFC 3339 string, or a Date. */
export type PromtoolTime = number | string | Date;

/** The arguments of each `promtool query` subcommand. */
export interface PromtoolQueryArgs {
  /** Default time: now. */
  instant: { expr: string; time?: PromtoolTime };
  /**
   * promtool's defaults: end now, start 5 min before, step from the range. Make `end` a little in
   * the future when asserting on a sample written "now": its fractional timestamp is later than
   * an end of the current whole second.
   */
  range: { expr: string; start?: PromtoolTime; end?: PromtoolTime; step?: string | number };
  /** At least one selector, e.g. `['up{job="x"}']`. */
  series: { match: readonly string[]; start?: PromtoolTime; end?: PromtoolTime };
  /** The values of label `name` (`promtool query labels` lists values, not names). */
  labels: { name: string; match?: readonly string[]; start?: PromtoolTime; end?: PromtoolTime };
}

/** What `promtool query <kind> -o json` prints, parsed. */
export interface PromtoolQueryOutput {
  /** A vector is a list of series; a scalar is one `[time, value]` pair. */
  instant: QueryResult[] | [number, string];
  range: QueryResult[];
  series: Record<string, string>[];
  labels: string[];
}

export type PromtoolQueryKind = keyof PromtoolQueryArgs;

const KINDS: readonly PromtoolQueryKind[] = ['instant', 'range', 'series', 'labels'];

/** Past this, promtool is killed: its HTTP client has no timeout of its own. */
const PROMTOOL_TIMEOUT_MS = 30_000;

function timeFlag(name: string, value: PromtoolTime | undefined): string[] {
  if (value === undefined) return [];
  const text = value instanceof Date ? value.toISOString() : String(value);
  return [`--${name}=${text}`];
}

function matchFlags(match: readonly string[] | undefined): string[] {
  return (match ?? []).map((selector) => `--match=${selector}`);
}

/** promtool's command line after `query`, for `kind` and `args`. */
function promtoolArgs<K extends PromtoolQueryKind>(
  kind: K,
  serverUrl: string,
  args: PromtoolQueryArgs[K],
): string[] {
  const common = [kind, '-o', 'json'];
  switch (kind) {
    case 'instant': {
      const a = args as PromtoolQueryArgs['instant'];
      return [...common, ...timeFlag('time', a.time), serverUrl, a.expr];
    }
    case 'range': {
      const a = args as PromtoolQueryArgs['range'];
      const step = typeof a.step === 'number' ? [`--step=${a.step}s`] : a.step ? [`--step=${a.step}`] : [];
      return [
        ...common,
        ...timeFlag('start', a.start),
        ...timeFlag('end', a.end),
        ...step,
        serverUrl,
        a.expr,
      ];
    }
    case 'series': {
      const a = args as PromtoolQueryArgs['series'];
      return [
        ...common,
        ...matchFlags(a.match),
        ...timeFlag('start', a.start),
        ...timeFlag('end', a.end),
        serverUrl,
      ];
    }
    default: {
      const a = args as PromtoolQueryArgs['labels'];
      return [
        ...common,
        ...matchFlags(a.match),
        ...timeFlag('start', a.start),
        ...timeFlag('end', a.end),
        serverUrl,
        a.name,
      ];
    }
  }
}

/**
 * Runs `promtool query <kind> -o json` against a Prometheus-compatible server and returns the
 * parsed JSON. Throws PromtoolError (TM_TESTKIT_PROMTOOL_FAILED) carrying promtool's exit code and
 * stderr, e.g. `query error: bad_data: invalid parameter "query": 1:5: parse error: ...`.
 * promtool 2.42 cannot print a string-valued result (it fails to unmarshal it).
 */
export async function promtoolQuery<K extends PromtoolQueryKind>(
  kind: K,
  serverUrl: string,
  args: PromtoolQueryArgs[K],
): Promise<PromtoolQueryOutput[K]> {
  if (!KINDS.includes(kind)) {
    throw new TestkitError(
      'TM_TESTKIT_PROMTOOL_FAILED',
      `promtoolQuery: unknown kind ${JSON.stringify(kind)}; use one of ${KINDS.join(', ')}`,
    );
  }
  const binary = binaryPath('promtool', 'prometheus');
  const argv = ['query', ...promtoolArgs(kind, serverUrl, args)];
  const shown = `promtool ${argv.join(' ')}`;
  return await new Promise((resolve, reject) => {
    const child = spawn(binary, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${PROMTOOL_TIMEOUT_MS} ms)`;
      child.kill('SIGKILL');
    }, PROMTOOL_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new PromtoolError(argv, null, stderr, `${shown} could not be run: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        const status = code === null ? `was killed by ${signal}` : `exited with ${code}`;
        reject(
          new PromtoolError(argv, code, stderr, `${shown} ${status}: ${stderr.trim() || '(no stderr)'}`),
        );
        return;
      }
      try {
        resolve(JSON.parse(stdout) as PromtoolQueryOutput[K]);
      } catch {
        reject(
          new PromtoolError(
            argv,
            code,
            stderr,
            `${shown} printed output that is not JSON: ${stdout.slice(0, 500)}`,
          ),
        );
      }
    });
  });
}
