/**
 * The status label. By default a class (`2xx` ... `5xx`): five values instead of the ~60 codes a
 * busy service emits, so a (method, route) pair costs at most six series per histogram, and the
 * queries people write ("error ratio", "5xx rate") need no regex. `statusLabel: 'code'` keeps the
 * exact code under OTel's `http_response_status_code` name instead.
 */

export type StatusLabelKind = 'class' | 'code';

/** Label value for a request whose connection closed before the response was completely sent. */
export const ABORTED_STATUS = 'aborted';
/** Label value for a status outside 100-599 (node:http accepts up to 999). */
export const OTHER_STATUS = '_OTHER';

/** Slots 1-5: the classes; 0: out of range; 6: aborted. */
export const STATUS_CLASS_VALUES: readonly string[] = [
  OTHER_STATUS,
  '1xx',
  '2xx',
  '3xx',
  '4xx',
  '5xx',
  ABORTED_STATUS,
];
export const ABORTED_SLOT_CLASS = 6;

/** With exact codes, slot = the code (100-599); 0 is out of range and 600 aborted. */
export const ABORTED_SLOT_CODE = 600;
export const STATUS_SLOTS_CODE = 601;

export function statusClassSlot(status: number): number {
  // `>>> 0` turns NaN/undefined into 0, and a non-integer cannot come from node:http.
  const hundreds = ((status >>> 0) / 100) | 0;
  return hundreds >= 1 && hundreds <= 5 ? hundreds : 0;
}

export function statusCodeSlot(status: number): number {
  const code = status >>> 0;
  return code >= 100 && code <= 599 ? code : 0;
}

export function statusCodeValue(slot: number): string {
  if (slot === ABORTED_SLOT_CODE) return ABORTED_STATUS;
  return slot === 0 ? OTHER_STATUS : String(slot);
}
