// The Prometheus-compatible /api/v1 query API (docs/api.md).

export { ApiError, type ApiErrorCode, type ApiErrorType } from './errors.js';
export { formatApiTimestamp, formatGoFloat } from './go-number.js';
export { createApiHandler } from './handler.js';
export {
  MAX_TIME_MS,
  MAX_TIME_TEXT,
  MIN_TIME_MS,
  MIN_TIME_TEXT,
  parseDuration,
  parseTime,
} from './time-params.js';
export { type TsdbStat, type TsdbStatus, tsdbStatus } from './tsdb-status.js';
export type { ApiBuildInfo, ApiDeps, TargetMetadataEntry, TargetState } from './types.js';
