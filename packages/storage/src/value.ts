// Prometheus marks a series stale with one particular NaN (value.StaleNaN, bits 0x7ff0000000000002).
// V8 keeps NaN payloads through typed arrays and DataView but sets the quiet bit when a NaN goes
// through a plain JS array, so a stale marker is recognised by its payload (low word 2), and every
// encoder writes the exact Prometheus bits back.

const scratch = new DataView(new ArrayBuffer(8));

export const STALE_NAN_HI = 0x7ff00000;
export const STALE_NAN_LO = 0x00000002;

scratch.setUint32(0, STALE_NAN_HI);
scratch.setUint32(4, STALE_NAN_LO);
/** Prometheus's stale marker as a JS number. */
export const STALE_NAN: number = scratch.getFloat64(0);

/** True for Prometheus's stale marker, also after a plain JS array has quieted it. */
export function isStaleNaN(v: number): boolean {
  if (!Number.isNaN(v)) return false;
  scratch.setFloat64(0, v);
  return scratch.getUint32(4) === STALE_NAN_LO && (scratch.getUint32(0) & 0xfff7ffff) === STALE_NAN_HI;
}

/** Writes `v` as 8 big-endian bytes, stale markers with Prometheus's exact bits. */
export function writeFloat64(view: DataView, offset: number, v: number): void {
  if (Number.isNaN(v) && isStaleNaN(v)) {
    view.setUint32(offset, STALE_NAN_HI);
    view.setUint32(offset + 4, STALE_NAN_LO);
  } else {
    view.setFloat64(offset, v);
  }
}
