import type { CliIo } from '../cli-io.js';

const FRAMES = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
const FRAME_MS = 80;

export interface ProgressOptions {
  /**
   * Show the spinner only once the task has run this long, so quick tasks print nothing.
   * Default 1000: anything that takes over a second gets an indicator.
   */
  delayMs?: number;
}

/**
 * Runs `task` with a spinner on stderr, only when stderr is a terminal: piped output and logs
 * never see spinner frames. The line is erased when the task settles.
 */
export async function withProgress<T>(
  io: CliIo,
  label: string | (() => string),
  task: () => Promise<T>,
  { delayMs = 1000 }: ProgressOptions = {},
): Promise<T> {
  if (io.stderr.isTTY !== true) return task();
  const text = typeof label === 'function' ? label : () => label;
  let frame = 0;
  let drawn = false;
  let ticker: NodeJS.Timeout | undefined;
  const draw = () => {
    drawn = true;
    io.stderr.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${text()}`);
  };
  // unref: a spinner must never be what keeps the process alive.
  const starter = setTimeout(() => {
    draw();
    ticker = setInterval(draw, FRAME_MS);
    ticker.unref();
  }, delayMs);
  starter.unref();
  try {
    return await task();
  } finally {
    clearTimeout(starter);
    if (ticker) clearInterval(ticker);
    if (drawn) io.stderr.write('\r\x1b[2K');
  }
}
