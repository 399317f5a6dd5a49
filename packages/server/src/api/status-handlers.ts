// /api/v1/status/{buildinfo,config,flags,runtimeinfo}, and the rule endpoints, which stay empty
// until the alerts package lands.
import { availableParallelism, hostname } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { formatDuration } from '@telemeter/promql';
import type { ApiRequest, ApiResponse } from '../http/types.js';
import { invalidParam } from './errors.js';
import { success } from './response.js';
import { formatRfc3339Nano } from './time-params.js';
import type { ApiDeps } from './types.js';

export function handleBuildInfo(deps: ApiDeps): ApiResponse {
  const b = deps.buildInfo;
  return success({
    version: b.version,
    revision: b.revision,
    branch: b.branch,
    buildUser: b.buildUser,
    buildDate: b.buildDate,
    goVersion: b.goVersion,
  });
}

export function handleConfig(deps: ApiDeps): ApiResponse {
  return success({ yaml: deps.config() });
}

export function handleFlags(deps: ApiDeps): ApiResponse {
  return success(deps.flags());
}

/**
 * Prometheus's runtime information. Its Go runtime fields get the nearest Node.js facts:
 * goroutineCount counts active handles and requests, GOMAXPROCS the usable CPUs, GOMEMLIMIT
 * V8's heap limit; GOGC and GODEBUG are empty.
 */
export function handleRuntimeInfo(deps: ApiDeps): ApiResponse {
  const reload = deps.reloadInfo();
  return success({
    startTime: formatRfc3339Nano(deps.startTime.getTime()),
    CWD: process.cwd(),
    hostname: hostname(),
    serverTime: formatRfc3339Nano(Date.now()),
    reloadConfigSuccess: reload.reloadConfigSuccess,
    lastConfigTime: formatRfc3339Nano(reload.lastConfigTime.getTime()),
    corruptionCount: 0,
    goroutineCount: process.getActiveResourcesInfo().length,
    GOMAXPROCS: availableParallelism(),
    GOMEMLIMIT: getHeapStatistics().heap_size_limit,
    GOGC: '',
    GODEBUG: '',
    storageRetention: retentionText(deps.db.options.retentionMs, deps.db.options.retentionBytes),
  });
}

/** Prometheus's storageRetention text: "15d", "512MiB", "15d or 512MiB", or "" for neither. */
export function retentionText(retentionMs: number, retentionBytes: number): string {
  const parts: string[] = [];
  if (retentionMs > 0) parts.push(formatDuration(retentionMs));
  if (retentionBytes > 0) parts.push(base2Bytes(retentionBytes));
  return parts.join(' or ');
}

const MAGNITUDES = ['', 'K', 'M', 'G', 'T', 'P', 'E'];

/** alecthomas/units Base2Bytes.String: each non-zero 1024-power, largest first ("1GiB512MiB"). */
export function base2Bytes(bytes: number): string {
  let n = Math.trunc(bytes);
  const parts: string[] = [];
  for (let i = 0; i < MAGNITUDES.length; i++) {
    const rest = n % 1024;
    if (rest !== 0 || (i === 0 && n === 0)) parts.unshift(`${rest}${MAGNITUDES[i]}${i === 0 ? 'B' : 'iB'}`);
    n = Math.floor(n / 1024);
    if (n === 0) break;
  }
  return parts.join('');
}

/** Rule groups (`type` may be "alert" or "record"); none until the alerts package lands. */
export function handleRules(req: ApiRequest): ApiResponse {
  const type = (req.params.get('type') ?? '').toLowerCase();
  if (type !== '' && type !== 'alert' && type !== 'record') {
    throw invalidParam('type', `not supported value ${JSON.stringify(type)}`);
  }
  return success({ groups: [] });
}

export function handleAlerts(): ApiResponse {
  return success({ alerts: [] });
}

export function handleAlertmanagers(): ApiResponse {
  return success({ activeAlertmanagers: [], droppedAlertmanagers: [] });
}
