// Prometheus durations (prometheus/common model.Duration), as the `__scrape_interval__` and
// `__scrape_timeout__` target labels and the targets API spell them: `15s`, `1m30s`, `100ms`.

const UNITS: readonly (readonly [string, number, boolean])[] = [
  // Years and weeks only when exact, as Prometheus: `90d` reads better than `12w6d`.
  ['y', 365 * 86_400_000, true],
  ['w', 7 * 86_400_000, true],
  ['d', 86_400_000, false],
  ['h', 3_600_000, false],
  ['m', 60_000, false],
  ['s', 1_000, false],
  ['ms', 1, false],
];

/** `90000` → `1m30s`; `0` → `0s`. */
export function formatDuration(ms: number): string {
  let rest = Math.floor(ms);
  if (rest <= 0) return '0s';
  let out = '';
  for (const [unit, size, exactOnly] of UNITS) {
    if (exactOnly && rest % size !== 0) continue;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** `1m30s` → 90000; undefined when `text` is not a Prometheus duration. */
export function parseDuration(text: string): number | undefined {
  if (text === '' || text === '0') return text === '0' ? 0 : undefined;
  const m = DURATION.exec(text);
  if (m === null) return undefined;
  let ms = 0;
  for (let i = 0; i < UNITS.length; i++) {
    const group = m[i + 1];
    if (group !== undefined) ms += Number(group) * (UNITS[i] as readonly [string, number, boolean])[1];
  }
  return Number.isSafeInteger(ms) ? ms : undefined;
}
