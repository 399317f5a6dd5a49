// The errors of the /api/v1 handlers, in Prometheus's shape: an `errorType` clients branch on, the
// HTTP status Prometheus answers it with, and a message worded as Prometheus words it.
import { PromQLError, PromQLParseError } from '@telemeter/promql';
import { StorageError } from '@telemeter/storage';

/** Prometheus's error types (web/api/v1 errorType), each answered with one HTTP status. */
export type ApiErrorType = 'bad_data' | 'execution' | 'timeout' | 'canceled' | 'internal';

/** Stable codes, one per error type; only ever added to. */
export type ApiErrorCode =
  | 'TM_API_BAD_DATA'
  | 'TM_API_EXECUTION'
  | 'TM_API_TIMEOUT'
  | 'TM_API_CANCELED'
  | 'TM_API_INTERNAL';

const BY_TYPE: Readonly<Record<ApiErrorType, { status: number; code: ApiErrorCode }>> = {
  bad_data: { status: 400, code: 'TM_API_BAD_DATA' },
  execution: { status: 422, code: 'TM_API_EXECUTION' },
  timeout: { status: 503, code: 'TM_API_TIMEOUT' },
  canceled: { status: 503, code: 'TM_API_CANCELED' },
  internal: { status: 500, code: 'TM_API_INTERNAL' },
};

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly errorType: ApiErrorType;
  /** The HTTP status Prometheus answers this error type with. */
  readonly status: number;
  constructor(errorType: ApiErrorType, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiError';
    this.errorType = errorType;
    this.status = BY_TYPE[errorType].status;
    this.code = BY_TYPE[errorType].code;
  }
}

export function badData(message: string): ApiError {
  return new ApiError('bad_data', message);
}

/** Prometheus's invalidParamError: `invalid parameter "step": <why>`. */
export function invalidParam(param: string, why: string, cause?: unknown): ApiError {
  return new ApiError('bad_data', `invalid parameter ${JSON.stringify(param)}: ${why}`, { cause });
}

/**
 * What a failed query or storage read becomes (Prometheus's returnAPIError): cancelled and timed
 * out queries are 503s, storage failures 500s, a query that cannot run as asked 400, and any
 * other evaluation failure 422.
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof PromQLParseError) return new ApiError('bad_data', err.message, { cause: err });
  if (err instanceof PromQLError) {
    switch (err.code) {
      case 'TM_PROMQL_TIMEOUT':
        return new ApiError('timeout', err.message, { cause: err });
      case 'TM_PROMQL_CANCELLED':
        return new ApiError('canceled', err.message, { cause: err });
      case 'TM_PROMQL_BAD_QUERY':
        return new ApiError('bad_data', err.message, { cause: err });
      case 'TM_PROMQL_STORAGE':
        return new ApiError('internal', err.message, { cause: err });
      default:
        return new ApiError('execution', err.message, { cause: err });
    }
  }
  if (err instanceof StorageError) return new ApiError('internal', err.message, { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError('internal', message, { cause: err });
}
