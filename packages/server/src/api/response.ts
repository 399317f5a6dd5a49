// Prometheus's response envelope: {"status":"success","data":…,"warnings":[…],"infos":[…]} or
// {"status":"error","errorType":…,"error":…}. Query results are written as raw JSON text (their
// numbers must be spelled as Prometheus spells them), so the envelope takes `data` as text too.
import type { ApiResponse } from '../http/types.js';
import type { ApiError } from './errors.js';

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' } as const;

/** Prometheus keeps at most this many warnings and infos each, then says how many it left out. */
const MAX_ANNOTATIONS = 10;

export interface Annotations {
  readonly warnings?: readonly string[];
  readonly infos?: readonly string[];
}

/** A success answer whose `data` is already JSON text. */
export function successJson(dataJson: string, annotations: Annotations = {}): ApiResponse {
  let body = `{"status":"success","data":${dataJson}`;
  const warnings = capped(annotations.warnings ?? [], 'warning');
  const infos = capped(annotations.infos ?? [], 'info');
  if (warnings.length > 0) body += `,"warnings":${JSON.stringify(warnings)}`;
  if (infos.length > 0) body += `,"infos":${JSON.stringify(infos)}`;
  return { status: 200, headers: JSON_TYPE, body: `${body}}` };
}

export function success(data: unknown, annotations?: Annotations): ApiResponse {
  return successJson(JSON.stringify(data), annotations);
}

/** Prometheus answers 204 with no body when a handler has no data (query_exemplars without selectors). */
export function noContent(): ApiResponse {
  return { status: 204 };
}

export function errorResponse(err: ApiError): ApiResponse {
  return {
    status: err.status,
    headers: JSON_TYPE,
    body: JSON.stringify({ status: 'error', errorType: err.errorType, error: err.message }),
  };
}

function capped(list: readonly string[], kind: 'warning' | 'info'): string[] {
  if (list.length <= MAX_ANNOTATIONS) return [...list];
  const omitted = list.length - MAX_ANNOTATIONS;
  return [...list.slice(0, MAX_ANNOTATIONS), `${omitted} more ${kind} annotations omitted`];
}
