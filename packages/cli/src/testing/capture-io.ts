import type { CliIo, StopSignal } from '../cli-io.js';

export interface CapturedIo {
  readonly io: CliIo;
  stdout(): string;
  stderr(): string;
  /** Delivers a signal to the handlers the command registered. */
  signal(signal: StopSignal): void;
}

/** An in-memory CliIo: for running main() in-process where spawning the bin adds nothing. */
export function captureIo(
  options: { env?: Record<string, string>; tty?: boolean; columns?: number } = {},
): CapturedIo {
  let out = '';
  let err = '';
  const handlers = new Set<{ signals: readonly StopSignal[]; handler: (signal: StopSignal) => void }>();
  const io: CliIo = {
    stdout: { write: (text: string) => (out += text), isTTY: options.tty ?? false, columns: options.columns },
    stderr: { write: (text: string) => (err += text), isTTY: options.tty ?? false, columns: options.columns },
    env: options.env ?? {},
    onSignal(signals, handler) {
      const entry = { signals, handler };
      handlers.add(entry);
      return () => handlers.delete(entry);
    },
  };
  return {
    io,
    stdout: () => out,
    stderr: () => err,
    signal(signal) {
      for (const entry of [...handlers]) if (entry.signals.includes(signal)) entry.handler(signal);
    },
  };
}
