/** Test helpers: a plain node:http client, gates, and readers for the kit's series. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GaugeFamily, HistogramFamily, MetricFamily, Registry } from '@telemeter/core';

export interface Reply {
  status: number;
  body: string;
}

/** One request on its own connection (no keep-alive pooling between tests). */
export function send(port: number, method: string, path: string, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    if (body !== undefined) {
      headers['content-length'] = Buffer.byteLength(body);
      headers['content-type'] = 'text/plain';
    }
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends a request and returns a function that destroys its socket (the client going away). */
export function sendAndAbort(port: number, method: string, path: string): () => void {
  const req = http.request({ host: '127.0.0.1', port, method, path, agent: false });
  req.on('error', () => {});
  req.end();
  return () => req.destroy();
}

/** A promise with its resolver, to let a handler wait for the test (or the test for a handler). */
export interface Gate {
  promise: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

export function portOf(server: { address(): AddressInfo | string | null }): number {
  return (server.address() as AddressInfo).port;
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function family<F extends MetricFamily>(families: MetricFamily[], name: string): F {
  const found = families.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no family ${name} in ${families.map((f) => f.name).join(', ')}`);
  return found as F;
}

function labelsOf(f: MetricFamily, labelValues: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  f.labelNames.forEach((name, i) => {
    labels[name] = labelValues[i]!;
  });
  return labels;
}

export interface HistogramRow {
  labels: Record<string, string>;
  count: number;
  sum: number;
}

/** Every series of a histogram, labels as an object. */
export async function histogramRows(registry: Registry, name: string): Promise<HistogramRow[]> {
  const f = family<HistogramFamily>(await registry.collect(), name);
  return f.points.map((p) => ({ labels: labelsOf(f, p.labelValues), count: p.count, sum: p.sum }));
}

/** `method route status` → count, for compact exact assertions. */
export async function countsByKey(
  registry: Registry,
  name = 'http_server_request_duration_seconds',
  status = 'http_response_status_class',
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const row of await histogramRows(registry, name)) {
    if (row.count === 0) continue;
    out[`${row.labels.http_request_method} ${row.labels.http_route} ${row.labels[status]}`] = row.count;
  }
  return out;
}

/** Sum of `http_server_active_requests` over every method. */
export async function activeRequests(
  registry: Registry,
  name = 'http_server_active_requests',
): Promise<number> {
  const f = family<GaugeFamily>(await registry.collect(), name);
  return f.points.reduce((total, p) => total + p.value, 0);
}
