// Small statistics and a Markdown table printer, so the bench's output can be pasted as is.

export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

export const median = (xs) => quantile(xs, 0.5);

/** `n` with thousands separators and `digits` decimals. */
export function fmt(n, digits = 0) {
  if (!Number.isFinite(n)) return '—';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function mib(bytes) {
  return Number.isFinite(bytes) ? `${fmt(bytes / 2 ** 20, 0)} MiB` : '—';
}

/** `a / b` as "0.42×", or — when either is missing. */
export function ratio(a, b, digits = 2) {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${fmt(a / b, digits)}×` : '—';
}

/** Prints a Markdown table; columns whose header starts with '<' are left-aligned. */
export function table(headers, rows) {
  const left = headers.map((h) => h.startsWith('<'));
  const names = headers.map((h) => (h.startsWith('<') ? h.slice(1) : h));
  const cells = rows.map((r) => r.map((c) => String(c)));
  const width = names.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length), 3));
  const line = (r) =>
    `| ${r.map((c, i) => (left[i] ? c.padEnd(width[i]) : c.padStart(width[i]))).join(' | ')} |`;
  console.log(line(names));
  console.log(`| ${width.map((w, i) => (left[i] ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`);
  for (const r of cells) console.log(line(r));
}
