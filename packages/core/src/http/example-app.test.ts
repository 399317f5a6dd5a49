// Runs examples/basic-app.mjs (the README's Quick start) as a child process and scrapes it.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

// From packages/core/dist/esm/http/ back to the repository root.
const EXAMPLE = fileURLToPath(new URL('../../../../../examples/basic-app.mjs', import.meta.url));

/** Polls `probe` until it returns a value (not a timing assertion: the bound only stops a hung test). */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(50);
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('examples/basic-app.mjs', () => {
  let child: ChildProcess;
  let output = '';
  let urls: Record<string, string> = {};

  before(async () => {
    child = spawn(process.execPath, [EXAMPLE], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    urls = await eventually('the printed URLs', async () => {
      if (child.exitCode !== null) throw new Error(`example exited early:\n${output}`);
      const found = Object.fromEntries(
        [...output.matchAll(/^\s+(\w+):\s+(http:\/\/\S+)/gm)].map((m) => [m[1]!, m[2]!]),
      );
      return found.ready ? found : undefined;
    });
  });

  after(async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });

  it('prints its URLs on 127.0.0.1', () => {
    assert.match(output, /^basic-app listening on http:\/\/127\.0\.0\.1:\d+$/m);
    for (const name of ['work', 'metrics', 'health', 'ready']) {
      assert.match(urls[name] ?? '', /^http:\/\/127\.0\.0\.1:\d+\/\w+$/, name);
    }
  });

  it('serves every metric type it instruments at /metrics', async () => {
    for (let i = 0; i < 5; i++) assert.ok([200, 500].includes((await fetch(urls.work!)).status));
    const body = await eventually('a processed background job', async () => {
      const text = await (await fetch(urls.metrics!)).text();
      return /^app_jobs_total\{/m.test(text) ? text : undefined;
    });
    assert.match(body, /^# TYPE app_http_requests_total counter$/m);
    assert.match(body, /^app_http_requests_total\{.*route="\/work".*\} \d+$/m);
    assert.match(body, /^# TYPE app_http_requests_in_flight gauge$/m);
    assert.match(body, /^# TYPE app_http_request_duration_seconds histogram$/m);
    assert.match(body, /^app_http_request_duration_seconds_bucket\{.*le="\+Inf".*\} 5$/m);
    assert.match(body, /^# TYPE app_jobs_total counter$/m);
    assert.match(body, /^# TYPE app_job_duration_seconds summary$/m);
    assert.match(body, /^app_job_duration_seconds\{.*quantile="0\.99".*\} /m);
    assert.match(body, /^# TYPE app_queue_depth gauge$/m);
    assert.match(body, /^app_queue_depth\{service="basic-app"\} \d+$/m);
  });

  it('serves OpenMetrics and JSON too', async () => {
    const om = await fetch(urls.metrics!, {
      headers: { accept: 'application/openmetrics-text; version=1.0.0' },
    });
    assert.ok((await om.text()).endsWith('# EOF\n'));
    const json = (await (await fetch(`${urls.metrics}?format=json`)).json()) as {
      families: { name: string }[];
    };
    assert.ok(json.families.some((family) => family.name === 'app_job_duration_seconds'));
  });

  it('is live, becomes ready after warm-up, and exits cleanly on SIGTERM', async () => {
    assert.equal((await fetch(urls.health!)).status, 200);
    await eventually('readiness', async () => ((await fetch(urls.ready!)).status === 200 ? true : undefined));
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0, output);
  });
});
