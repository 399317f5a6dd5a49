// Reading what clients send. Nothing here throws: a malformed message becomes a reason the
// connection answers with an `error` message, and the connection stays open.
import { parseDuration } from '@telemeter/promql';
import type { ClientMessage } from './protocol.js';

export type ParsedClientMessage =
  | { readonly ok: true; readonly message: ClientMessage }
  | { readonly ok: false; readonly id?: string; readonly error: string };

/** Longest subscription id accepted; ids are echoed in every message of the subscription. */
export const MAX_ID_LENGTH = 256;

const TYPES = 'subscribe, unsubscribe or ping';

/** Validates the shape of one text frame. Unknown extra fields are ignored, so newer clients can send more. */
export function parseClientMessage(text: string): ParsedClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `message is not valid JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: `message must be a JSON object with a "type" (${TYPES})` };
  }
  const m = value as Record<string, unknown>;
  if (typeof m.type !== 'string') {
    return { ok: false, error: `message has no string "type"; expected ${TYPES}` };
  }
  switch (m.type) {
    case 'ping':
      return { ok: true, message: { type: 'ping' } };
    case 'unsubscribe': {
      const idError = checkId(m.id);
      if (idError !== undefined) return { ok: false, error: `unsubscribe: ${idError}` };
      return { ok: true, message: { type: 'unsubscribe', id: m.id as string } };
    }
    case 'subscribe':
      return parseSubscribe(m);
    default:
      return { ok: false, error: `unknown message type ${JSON.stringify(m.type)}; expected ${TYPES}` };
  }
}

function parseSubscribe(m: Record<string, unknown>): ParsedClientMessage {
  const idError = checkId(m.id);
  if (idError !== undefined) return { ok: false, error: `subscribe: ${idError}` };
  const id = m.id as string;
  if (typeof m.query !== 'string' || m.query.trim() === '') {
    return { ok: false, id, error: 'subscribe: "query" must be a non-empty string of PromQL' };
  }
  // null is taken as "not given": clients serializing an unset option often send it.
  const range = m.range ?? undefined;
  const step = m.step ?? undefined;
  for (const [field, v] of [
    ['range', range],
    ['step', step],
  ] as const) {
    if (v !== undefined && typeof v !== 'string' && typeof v !== 'number') {
      return {
        ok: false,
        id,
        error: `subscribe: "${field}" must be a duration string like "15s" or a number of seconds`,
      };
    }
  }
  return {
    ok: true,
    message: {
      type: 'subscribe',
      id,
      query: m.query,
      ...(range !== undefined ? { range: range as string | number } : {}),
      ...(step !== undefined ? { step: step as string | number } : {}),
    },
  };
}

function checkId(id: unknown): string | undefined {
  if (typeof id !== 'string' || id === '') return '"id" must be a non-empty string';
  if (id.length > MAX_ID_LENGTH) return `"id" is longer than ${MAX_ID_LENGTH} characters`;
  return undefined;
}

const SECONDS = /^(?:\d+\.?\d*|\.\d+)$/;

/**
 * A subscription's `range` or `step` in whole milliseconds: a number of seconds, a numeric string
 * of seconds ("1.5"), or a Prometheus duration ("1m30s"), as the HTTP API's `step` parameter.
 * Returns an error text naming the field when the value is unusable.
 */
export function parseDurationField(
  field: 'range' | 'step',
  value: string | number,
): { ms: number } | { error: string } {
  let ms: number;
  if (typeof value === 'number') {
    ms = Math.round(value * 1000);
  } else if (SECONDS.test(value)) {
    ms = Math.round(Number(value) * 1000);
  } else {
    try {
      ms = parseDuration(value);
    } catch {
      return {
        error: `invalid "${field}": cannot parse ${JSON.stringify(value)} to a valid duration (use a Prometheus duration like "15s" or a number of seconds)`,
      };
    }
  }
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    return {
      error: `invalid "${field}": must be a positive duration of at least 1ms, got ${JSON.stringify(value)}`,
    };
  }
  return { ms };
}
