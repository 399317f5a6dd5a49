// "did you mean …?" for unknown keys.

/** Optimal string alignment distance: edits, with a swap of neighbours counted as one. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        d[(i - 1) * cols + j]! + 1,
        d[i * cols + j - 1]! + 1,
        d[(i - 1) * cols + j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/** Case, `_` and `-` do not matter: `jobName` and `job-name` both mean `job_name`. */
function normalize(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/**
 * The known key `key` most likely stands for: the same after normalizing; else one that begins
 * the other (`retention` for `retentionTime`, `static_configs` for `static_config`); else the
 * closest within a third of the key's length in edits (at least 1, at most 3).
 */
export function closestKey(key: string, known: Iterable<string>): string | undefined {
  if (key.length > 100) return undefined;
  const wanted = normalize(key);
  const candidates = [...known];
  const same = candidates.find((candidate) => normalize(candidate) === wanted);
  if (same !== undefined) return same;
  const prefix = candidates.find((candidate) => {
    const other = normalize(candidate);
    return (
      Math.min(other.length, wanted.length) >= 4 && (wanted.startsWith(other) || other.startsWith(wanted))
    );
  });
  if (prefix !== undefined) return prefix;
  let best: string | undefined;
  let bestDistance = Math.min(3, Math.max(1, Math.floor(key.length / 3)));
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate);
    if (distance < bestDistance || (best === undefined && distance === bestDistance)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
