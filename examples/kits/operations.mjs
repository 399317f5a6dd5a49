// @telemeter/kits/operations: per-tool metrics for a tool server (the shape of an MCP server).
//
//   npm run build && node examples/kits/operations.mjs
//
// Four tools run a few dozen times: a fast search, a file reader that sometimes fails with ENOENT,
// a log stream the caller stops reading early, and a slow tool called under a deadline. Then it
// prints tracker.stats() as a table and the Prometheus exposition, and exits.
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from '../../packages/core/dist/esm/index.js';
import { createOperationTracker } from '../../packages/kits/dist/esm/operations/index.js';

const registry = new Registry({ defaultLabels: { service: 'tool-server' } });
const tools = createOperationTracker({
  registry,
  namespace: 'mcp_tool', // mcp_tool_calls_total, mcp_tool_duration_seconds, ...
  operationLabel: 'tool', // {tool="search"}
  maxAgeSeconds: 300, // quantiles over the last 5 minutes
});

// Tool handlers receive (args, extra) with extra.signal, as in the MCP SDK: a failure caused by that
// signal's abort is counted as timeout or cancelled according to the abort reason.
const handlers = {
  search: tools.track('search', async ({ query }) => {
    await sleep(2 + (query.length % 5));
    return [`result for ${query}`];
  }),
  read_file: tools.track('read_file', async ({ path }) => readFile(path, 'utf8')),
  tail_logs: tools.track('tail_logs', async function* ({ lines }) {
    for (let i = 0; i < lines; i++) {
      await sleep(1);
      yield `line ${i}`;
    }
  }),
  summarize: tools.track('summarize', async ({ ms }, extra) => {
    await sleep(ms, undefined, { signal: extra.signal });
    return 'summary';
  }),
};

for (let i = 0; i < 20; i++) await handlers.search({ query: `q${i}` });
for (const path of [
  new URL(import.meta.url).pathname,
  '/nonexistent/file',
  new URL(import.meta.url).pathname,
]) {
  await handlers.read_file({ path }).catch(() => {}); // ENOENT → error_type="ENOENT"
}
for await (const line of handlers.tail_logs({ lines: 100 })) if (line === 'line 3') break; // → cancelled
for (const ms of [5, 50, 5]) {
  await handlers.summarize({ ms }, { signal: AbortSignal.timeout(20) }).catch(() => {}); // 50 ms → timeout
}

// The manual form, for work that starts and ends in different places.
const session = tools.begin('session');
await sleep(10);
session.end('success');

console.table(
  tools.stats().map((s) => ({
    tool: s.operation,
    calls: s.calls,
    'success %': s.successRate === null ? '-' : (s.successRate * 100).toFixed(0),
    errors: Object.entries(s.errorTypes)
      .map(([type, n]) => `${type}:${n}`)
      .join(' '),
    'p50 ms': s.latency.p50 === null ? '-' : (s.latency.p50 * 1000).toFixed(1),
    'p99 ms': s.latency.p99 === null ? '-' : (s.latency.p99 * 1000).toFixed(1),
    'max ms': s.latency.max === null ? '-' : (s.latency.max * 1000).toFixed(1),
  })),
);
const text = await registry.metrics('prometheus');
// The bucket lines are many; print the rest.
process.stdout.write(
  text
    .split('\n')
    .filter((line) => !line.includes('_bucket{'))
    .join('\n'),
);
