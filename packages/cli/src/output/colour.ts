import type { OutputStream } from '../cli-io.js';

/**
 * Whether to write ANSI colour to `stream`. Like Node's own rule (util.inspect, the REPL):
 * FORCE_COLOR set to anything but `0`/`false` turns colour on even off a TTY; otherwise NO_COLOR
 * (https://no-color.org: present and not empty) turns it off; otherwise colour only on a TTY
 * whose TERM is not `dumb`.
 */
export function colourEnabled(
  stream: OutputStream,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return false;
    return true;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export type Paint = (text: string) => string;

export interface Palette {
  readonly enabled: boolean;
  readonly bold: Paint;
  readonly dim: Paint;
  readonly red: Paint;
  readonly yellow: Paint;
  readonly green: Paint;
  readonly cyan: Paint;
}

const plain: Paint = (text) => text;
const sgr =
  (open: number, close: number): Paint =>
  (text) =>
    text === '' ? text : `\x1b[${open}m${text}\x1b[${close}m`;

export function createPalette(enabled: boolean): Palette {
  if (!enabled) {
    return { enabled, bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain };
  }
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    green: sgr(32, 39),
    cyan: sgr(36, 39),
  };
}
