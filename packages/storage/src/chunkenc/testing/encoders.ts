// Every way of producing a chunk, by name, so the shared cases run against each one: the head's
// appendable XOR chunk, encodeSealed's choice, and each pinned pair of packed codecs.

import type { Chunk } from '../../types.js';
import { PackedChunk } from '../packed.js';
import { TimeKind } from '../packed-time.js';
import { ValueKind } from '../packed-values.js';
import { encodeSealed } from '../sealed.js';
import { XorChunk } from '../xor.js';

export interface NamedEncoder {
  readonly name: string;
  /** Undefined when this codec does not apply to the data (CONST on varying values). */
  encode(ts: readonly number[], vs: readonly number[]): Chunk | undefined;
}

function appendAll(ts: readonly number[], vs: readonly number[]): XorChunk {
  const c = new XorChunk();
  for (let i = 0; i < ts.length; i++) c.append(ts[i]!, vs[i]!);
  return c;
}

const valueCodecs = [
  { name: 'CONST', value: { kind: ValueKind.CONST } },
  { name: 'DECIMAL', value: { kind: ValueKind.DECIMAL, decimalOrder: 1 as const } },
  { name: 'DECIMAL order 2', value: { kind: ValueKind.DECIMAL, decimalOrder: 2 as const } },
  { name: 'FLOATBITS', value: { kind: ValueKind.FLOATBITS } },
  { name: 'XOR', value: { kind: ValueKind.XOR } },
];
const timeCodecs = [
  { name: 'GRID', time: TimeKind.GRID },
  { name: 'DELTA', time: TimeKind.DELTA },
];

export const encoders: readonly NamedEncoder[] = [
  { name: 'xor chunk', encode: appendAll },
  { name: 'sealed', encode: (ts, vs) => encodeSealed(ts, vs, 0, ts.length) },
  ...timeCodecs.flatMap((t) =>
    valueCodecs.map(
      (v): NamedEncoder => ({
        name: `packed ${t.name}/${v.name}`,
        encode: (ts, vs) => {
          try {
            return PackedChunk.encode(ts, vs, 0, ts.length, { time: t.time, value: v.value });
          } catch {
            return undefined;
          }
        },
      }),
    ),
  ),
];
