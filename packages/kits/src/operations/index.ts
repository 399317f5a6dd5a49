/**
 * `@telemeter/kits/operations`: per-operation call metrics (calls by outcome, errors by type,
 * in-flight, latency histogram and sliding-window quantiles) for tools, workflow steps and jobs.
 *
 * ```ts
 * import { createOperationTracker } from '@telemeter/kits/operations';
 * const tools = createOperationTracker({ registry, namespace: 'mcp_tool', operationLabel: 'tool' });
 * const search = tools.track('search', async (query: string) => index.search(query));
 * ```
 */

export { errorTypeOf, OTHER_ERROR_TYPE } from '../shared/error-type.js';
export type { OperationDecorator } from './decorator.js';
export { InvalidOperationError } from './errors.js';
export type { OperationMetricNames, OperationMetrics } from './metrics.js';
export { DEFAULT_OPERATION_BUCKETS, OPERATION_QUANTILES, operationMetricNames } from './metrics.js';
export { OperationHandle } from './operation-handle.js';
export type { OperationRunOptions } from './operation-tracker.js';
export { createOperationTracker, OperationTracker } from './operation-tracker.js';
export type { OperationTrackerOptions } from './options.js';
export { DEFAULT_MAX_ERROR_TYPES, DEFAULT_MAX_OPERATIONS } from './options.js';
export type { FailureOutcome, OperationOutcome } from './outcome.js';
export { classifyFailure, OPERATION_OUTCOMES } from './outcome.js';
export type { OperationLatencyStats, OperationStats } from './stats.js';
