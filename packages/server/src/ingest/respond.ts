import { StorageError } from '@telemeter/storage';
import { type ApiRequest, type ApiResponse, jsonResponse } from '../http/types.js';
import type { IngestContext } from './context.js';
import { IngestError } from './errors.js';
import type { IngestProtocol } from './ingest-metrics.js';

const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'bad_data',
  413: 'too_large',
  415: 'unsupported_media_type',
  503: 'unavailable',
};

/** The body of a refused request: Prometheus's API error shape plus the stable `code`. */
export function ingestErrorResponse(status: number, message: string, code: string): ApiResponse {
  return jsonResponse(status, {
    status: 'error',
    errorType: ERROR_TYPES[status] ?? 'internal',
    error: message,
    code,
  });
}

/**
 * Runs one ingestion request: 204 when `work` completes, the IngestError's status (400/413/415)
 * when it refuses the request, 503 when the store is closed (shutting down). Anything else is a
 * bug and is rethrown for the HTTP layer's 500. Every outcome is counted.
 */
export async function runIngest(
  req: ApiRequest,
  ctx: IngestContext,
  protocol: IngestProtocol,
  work: () => Promise<void>,
): Promise<ApiResponse> {
  let status = 500;
  try {
    await work();
    status = 204;
    return { status };
  } catch (err) {
    if (err instanceof IngestError) {
      status = err.status;
      return ingestErrorResponse(status, err.message, err.code);
    }
    if (err instanceof StorageError && err.code === 'TM_STORAGE_CLOSED') {
      status = 503;
      return ingestErrorResponse(status, `storage is closed: ${err.message}`, err.code);
    }
    throw err;
  } finally {
    ctx.metrics.request(protocol, status, req.body.length);
  }
}
