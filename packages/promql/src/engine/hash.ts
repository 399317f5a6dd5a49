// xxHash64 of a label set exactly as Prometheus's labels.Hash() computes it (name, 0xff, value,
// 0xff for each label, seed 0). limit_ratio samples series by this hash, so using the same function
// selects the same series Prometheus does.
import type { Labels } from '@telemeter/storage';

const MASK = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;

const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & MASK;
const mul = (a: bigint, b: bigint): bigint => (a * b) & MASK;

function round(acc: bigint, input: bigint): bigint {
  return mul(rotl((acc + mul(input, P2)) & MASK, 31n), P1);
}

function mergeRound(acc: bigint, val: bigint): bigint {
  return (mul(acc ^ round(0n, val), P1) + P4) & MASK;
}

function u64(b: Uint8Array, i: number): bigint {
  let v = 0n;
  for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(b[i + k]!);
  return v;
}

function u32(b: Uint8Array, i: number): bigint {
  return BigInt((b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0);
}

/** xxHash64 with seed 0. */
export function xxhash64(b: Uint8Array): bigint {
  const n = b.length;
  let i = 0;
  let h: bigint;
  if (n >= 32) {
    let v1 = (P1 + P2) & MASK;
    let v2 = P2;
    let v3 = 0n;
    let v4 = (MASK + 1n - P1) & MASK;
    for (; i + 32 <= n; i += 32) {
      v1 = round(v1, u64(b, i));
      v2 = round(v2, u64(b, i + 8));
      v3 = round(v3, u64(b, i + 16));
      v4 = round(v4, u64(b, i + 24));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & MASK;
    h = mergeRound(h, v1);
    h = mergeRound(h, v2);
    h = mergeRound(h, v3);
    h = mergeRound(h, v4);
  } else {
    h = P5;
  }
  h = (h + BigInt(n)) & MASK;
  for (; i + 8 <= n; i += 8) h = (mul(rotl(h ^ round(0n, u64(b, i)), 27n), P1) + P4) & MASK;
  if (i + 4 <= n) {
    h = (mul(rotl(h ^ mul(u32(b, i), P1), 23n), P2) + P3) & MASK;
    i += 4;
  }
  for (; i < n; i++) h = mul(rotl(h ^ mul(BigInt(b[i]!), P5), 11n), P1);
  h ^= h >> 33n;
  h = mul(h, P2);
  h ^= h >> 29n;
  h = mul(h, P3);
  h ^= h >> 32n;
  return h;
}

const encoder = new TextEncoder();

/** Prometheus's labels.Hash(). */
export function labelsHash(labels: Labels): bigint {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const l of labels) {
    const name = encoder.encode(l.name);
    const value = encoder.encode(l.value);
    parts.push(name, value);
    size += name.length + value.length + 2;
  }
  const buf = new Uint8Array(size);
  let o = 0;
  for (let k = 0; k < parts.length; k++) {
    buf.set(parts[k]!, o);
    o += parts[k]!.length;
    buf[o++] = 0xff;
  }
  return xxhash64(buf);
}

/** A series' deterministic sampling offset in [0, 1] (Prometheus's HashRatioSampler). */
export function ratioOffset(labels: Labels): number {
  // float64(MaxUint64) is 2^64.
  return Number(labelsHash(labels)) / 2 ** 64;
}
