/**
 * What a command may touch of the process: its two output streams, the environment and the
 * stop signals. main() gets the real ones; the bin passes nothing else, so a command that
 * writes through this is the same in a test as in a terminal.
 */

export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** Terminal width, when a TTY. */
  readonly columns?: number;
}

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Calls `handler` on each of `signals` until the returned function is called. */
  onSignal(signals: readonly StopSignal[], handler: (signal: StopSignal) => void): () => void;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    onSignal(signals, handler) {
      const listeners = signals.map((signal) => {
        const listener = () => handler(signal);
        process.on(signal, listener);
        return [signal, listener] as const;
      });
      return () => {
        for (const [signal, listener] of listeners) process.off(signal, listener);
      };
    },
  };
}

/** Resolves with the first of `signals` that arrives (the listeners are removed then). */
export function waitForSignal(io: CliIo, signals: readonly StopSignal[]): Promise<StopSignal> {
  return new Promise((resolve) => {
    const off = io.onSignal(signals, (signal) => {
      off();
      resolve(signal);
    });
  });
}
