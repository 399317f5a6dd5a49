/**
 * Testkit errors carry a stable code a test can branch on. Codes are only ever added to,
 * never reused.
 */
export type TestkitErrorCode =
  /** A peer's binary is not installed (the message names the Debian package to install). */
  | 'TM_TESTKIT_BINARY_MISSING'
  /** A peer exited, or did not answer its ready check, while starting. */
  | 'TM_TESTKIT_PEER_START_FAILED'
  /** A request to a running peer failed or returned an error status. */
  | 'TM_TESTKIT_PEER_REQUEST_FAILED'
  /** `promtool` exited non-zero or printed output that is not the expected JSON. */
  | 'TM_TESTKIT_PROMTOOL_FAILED';

export class TestkitError extends Error {
  readonly code: TestkitErrorCode;
  constructor(code: TestkitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TestkitError';
    this.code = code;
  }
}

/** `promtool` failed: the arguments it ran with, its exit code and everything it wrote to stderr. */
export class PromtoolError extends TestkitError {
  readonly args: readonly string[];
  readonly exitCode: number | null;
  readonly stderr: string;
  constructor(args: readonly string[], exitCode: number | null, stderr: string, message: string) {
    super('TM_TESTKIT_PROMTOOL_FAILED', message);
    this.name = 'PromtoolError';
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}
