// Shared by the ingest tests: a real DB in a temp dir, requests shaped as the HTTP layer hands
// them over, and a read-back of everything stored.

import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from '@telemeter/core';
import { DB, formatLabels } from '@telemeter/storage';
import type { ApiRequest } from '../../http/types.js';
import type { IngestContext, IngestLimits } from '../context.js';
import { createIngestMetrics } from '../ingest-metrics.js';

export const GENEROUS_LIMITS: IngestLimits = {
  maxDecompressedBytes: 64 << 20,
  maxSeriesPerRequest: 1_000_000,
  maxSamplesPerRequest: 5_000_000,
};

export interface TempIngest {
  readonly ctx: IngestContext;
  readonly db: DB;
  readonly registry: Registry;
  close(): Promise<void>;
}

/** An IngestContext over a fresh DB in a temp dir; `close()` removes it. */
export function openTempIngest(
  limits: Partial<IngestLimits> = {},
  now = () => 1_700_000_000_000,
): TempIngest {
  const dir = mkdtempSync(join(tmpdir(), 'telemeter-ingest-'));
  const db = DB.open(dir, { compactionIntervalMs: 0, fsync: 'none' });
  const registry = new Registry();
  const ctx: IngestContext = {
    db,
    limits: { ...GENEROUS_LIMITS, ...limits },
    metrics: createIngestMetrics(registry),
    now,
  };
  return {
    ctx,
    db,
    registry,
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RequestInit {
  readonly path?: string;
  readonly query?: string;
  readonly headers?: IncomingHttpHeaders;
  readonly body?: Uint8Array | string;
}

export function apiRequest(init: RequestInit): ApiRequest {
  const body = init.body === undefined ? Buffer.alloc(0) : Buffer.from(init.body as Uint8Array);
  return {
    method: 'POST',
    path: init.path ?? '/',
    params: new URLSearchParams(init.query ?? ''),
    headers: init.headers ?? {},
    body,
    signal: new AbortController().signal,
    remoteAddress: '127.0.0.1',
  };
}

export const REMOTE_WRITE_HEADERS: IncomingHttpHeaders = {
  'content-type': 'application/x-protobuf',
  'content-encoding': 'snappy',
  'x-prometheus-remote-write-version': '0.1.0',
};

/** Every stored series as `name{a="b"}` → [t, v] pairs, sorted by series. */
export function storedSamples(db: DB): Map<string, [number, number][]> {
  const q = db.querier(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  try {
    const out = new Map<string, [number, number][]>();
    for (const s of q.select([{ type: '=~', name: '__name__', value: '.+' }])) {
      const points: [number, number][] = [];
      const it = s.iterator();
      while (it.next()) points.push([it.t, it.v]);
      out.set(formatLabels(s.labels), points);
    }
    return out;
  } finally {
    q.close();
  }
}

/** Samples appended to the DB since it was opened. */
export function appendedCount(db: DB): number {
  return db.stats().appends.appended;
}

/** The value of one sample line of the registry's exposition, or undefined. */
export async function metricValue(registry: Registry, line: string): Promise<number | undefined> {
  const text = await registry.metrics();
  for (const l of text.split('\n')) {
    if (l.startsWith(`${line} `)) return Number(l.slice(line.length + 1));
  }
  return undefined;
}
