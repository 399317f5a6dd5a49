/**
 * A readiness check passes when it returns (or resolves to) anything but `false`, and fails
 * when it returns `false`, throws, rejects, or takes longer than the timeout.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: checks are often functions that return nothing (`async () => { await db.ping(); }`).
export type ReadinessCheck = () => boolean | void | Promise<boolean | void>;

export type ReadinessChecks = Readonly<Record<string, ReadinessCheck>>;

export interface ReadinessCheckResult {
  readonly status: 'ok' | 'failed';
  /** Why the check failed: its error message, "returned false" or "timed out after N ms". */
  readonly error?: string;
}

export interface ReadinessReport {
  readonly status: 'ok' | 'unavailable';
  /** Names of the failed checks, in declaration order (empty when ready). */
  readonly failed: readonly string[];
  readonly checks: Readonly<Record<string, ReadinessCheckResult>>;
}

/**
 * Kubernetes' default probe `timeoutSeconds` is 1: a check slower than that would fail at the
 * kubelet anyway, and answering 503 ourselves names the slow check.
 */
export const DEFAULT_READINESS_TIMEOUT_MS = 1000;

const TIMED_OUT: unique symbol = Symbol('timed out');

/** The message of a thrown value, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<ReadinessCheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(resolve, timeoutMs, TIMED_OUT);
    });
    // The async wrapper turns a synchronous throw into a rejection, so both are failures.
    const outcome = await Promise.race([(async () => check())(), timeout]);
    if (outcome === TIMED_OUT) return { status: 'failed', error: `timed out after ${timeoutMs} ms` };
    if (outcome === false) return { status: 'failed', error: 'returned false' };
    return { status: 'ok' };
  } catch (error) {
    return { status: 'failed', error: errorMessage(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check in parallel; never rejects. */
export async function runReadinessChecks(
  checks: ReadinessChecks,
  timeoutMs: number = DEFAULT_READINESS_TIMEOUT_MS,
): Promise<ReadinessReport> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((name) => runCheck(checks[name]!, timeoutMs)));
  const byName: Record<string, ReadinessCheckResult> = {};
  const failed: string[] = [];
  names.forEach((name, i) => {
    const result = results[i]!;
    byName[name] = result;
    if (result.status === 'failed') failed.push(name);
  });
  return { status: failed.length === 0 ? 'ok' : 'unavailable', failed, checks: byName };
}
