// Element-wise math functions of one float (Prometheus funcAbs ... funcSgn, funcRound, clamp).
// The engine applies them to every float sample of a vector and drops the metric name.

/** sgn: -1, 0 or 1 (NaN and ±0 unchanged). */
export function sgn(v: number): number {
  if (v < 0) return -1;
  if (v > 0) return 1;
  return v;
}

/**
 * round(v, toNearest = 1): to the nearest multiple of toNearest, ties rounding up. Dividing by
 * the inverse (as Prometheus does) gives fewer floating-point surprises than multiplying.
 */
export function round(v: number, toNearest = 1): number {
  const inverse = 1 / toNearest;
  return Math.floor(v * inverse + 0.5) / inverse;
}

/** clamp(v, min, max); the engine drops every element when max < min (this returns NaN then). */
export function clamp(v: number, min: number, max: number): number {
  if (max < min) return Number.NaN;
  // Go's math.Max/Min: NaN in either argument gives NaN.
  return goMax(min, goMin(max, v));
}

export function clampMin(v: number, min: number): number {
  return goMax(min, v);
}

export function clampMax(v: number, max: number): number {
  return goMin(max, v);
}

/** Go's math.Max: NaN if either is NaN, +Inf wins, and +0 beats -0. */
function goMax(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  return Math.max(a, b);
}

/** Go's math.Min: NaN if either is NaN, -Inf wins, and -0 beats +0. */
function goMin(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  return Math.min(a, b);
}

/** Functions of one float by PromQL name (those without extra scalar arguments). */
export const ELEMENT_FUNCTIONS: Readonly<Record<string, (v: number) => number>> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  sqrt: Math.sqrt,
  exp: Math.exp,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sgn,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  deg: (v: number) => (v * 180) / Math.PI,
  rad: (v: number) => (v * Math.PI) / 180,
};
