// Durations in test scripts use Prometheus's model.ParseDuration (prometheus/common): unit
// groups in the order y w d h m s ms, each at most once, or a bare "0".

import { TestScriptError } from './errors.js';

const UNIT_MS: Readonly<Record<string, number>> = {
  y: 365 * 24 * 3_600_000,
  w: 7 * 24 * 3_600_000,
  d: 24 * 3_600_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};
const UNIT_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/** Milliseconds of a duration like "1h30m" or "10s53ms"; throws TestScriptError when malformed. */
export function parseScriptDuration(text: string, line: number): number {
  if (text === '0') return 0;
  if (text === '') throw new TestScriptError(line, 'empty duration string');
  const re = /(\d+)(ms|[ywdhms])/y;
  let pos = 0;
  let total = 0;
  let lastUnit = -1;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m === null) throw new TestScriptError(line, `not a valid duration string: ${JSON.stringify(text)}`);
    const unit = m[2] as string;
    const order = UNIT_ORDER.indexOf(unit);
    if (order <= lastUnit)
      throw new TestScriptError(line, `not a valid duration string: ${JSON.stringify(text)}`);
    lastUnit = order;
    total += Number(m[1]) * (UNIT_MS[unit] as number);
    pos = re.lastIndex;
  }
  return total;
}
