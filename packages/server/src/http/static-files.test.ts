// The built dashboard served from memory: over a real temp folder, called directly and over HTTP.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { startTempServer } from '../testing/temp-server.js';
import { createStaticHandler } from './static-files.js';
import type { ApiRequest } from './types.js';

const INDEX = `<!doctype html><title>telemeter</title>${'<!-- padding so it is worth gzipping -->'.repeat(40)}`;
const SCRIPT = `export const answer = 42;\n${'console.log("a line of the bundle");\n'.repeat(100)}`;

function site(): string {
  const dir = mkdtempSync(join(tmpdir(), 'telemeter-static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'index-AbC123.js'), SCRIPT);
  writeFileSync(join(dir, 'assets', 'tiny-X1.css'), 'body{margin:0}');
  writeFileSync(join(dir, 'assets', 'logo-Q9.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): ApiRequest {
  return {
    method,
    path,
    params: new URLSearchParams(),
    headers,
    body: Buffer.alloc(0),
    signal: new AbortController().signal,
    remoteAddress: '127.0.0.1',
  };
}

describe('createStaticHandler', () => {
  const dir = site();
  after(() => rmSync(dir, { recursive: true, force: true }));
  const handler = createStaticHandler(dir)!;

  it('serves index.html at / and /index.html, always revalidated', () => {
    for (const path of ['/', '/index.html']) {
      const res = handler(get(path))!;
      assert.equal(res.status, 200);
      assert.equal(res.headers?.['content-type'], 'text/html; charset=utf-8');
      assert.equal(res.headers?.['cache-control'], 'no-cache');
      assert.equal(Buffer.from(res.body as Uint8Array).toString(), INDEX);
    }
  });

  it('serves hashed assets as immutable for a year, with their content types', () => {
    const js = handler(get('/assets/index-AbC123.js'))!;
    assert.equal(js.headers?.['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(js.headers?.['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(js.headers?.['x-content-type-options'], 'nosniff');
    assert.equal(handler(get('/assets/logo-Q9.png'))!.headers?.['content-type'], 'image/png');
    assert.equal(
      handler(get('/favicon.svg'))!.headers?.['cache-control'],
      'no-cache',
      'only assets/ is hashed',
    );
  });

  it('gzips text when the client accepts it, and says it varies by Accept-Encoding', () => {
    const plain = handler(get('/assets/index-AbC123.js'))!;
    assert.equal(plain.headers?.['content-encoding'], undefined);
    assert.equal(plain.headers?.vary, 'Accept-Encoding');
    const zipped = handler(get('/assets/index-AbC123.js', { 'accept-encoding': 'br, gzip;q=0.8' }))!;
    assert.equal(zipped.headers?.['content-encoding'], 'gzip');
    assert.equal(zipped.headers?.vary, 'Accept-Encoding');
    const body = zipped.body as Uint8Array;
    assert.ok(body.length < SCRIPT.length / 4, `${body.length} bytes`);
    assert.equal(gunzipSync(body).toString(), SCRIPT);
  });

  it('sends small files and binary ones as they are, even when gzip is accepted', () => {
    const css = handler(get('/assets/tiny-X1.css', { 'accept-encoding': 'gzip' }))!;
    assert.equal(css.headers?.['content-encoding'], undefined);
    assert.equal(Buffer.from(css.body as Uint8Array).toString(), 'body{margin:0}');
    const png = handler(get('/assets/logo-Q9.png', { 'accept-encoding': 'gzip' }))!;
    assert.equal(png.headers?.['content-encoding'], undefined);
  });

  it('leaves missing files, other methods and traversal attempts to the next handler', () => {
    for (const path of [
      '/missing.js',
      '/assets/',
      '/assets',
      '/../index.html',
      '/assets/../index.html',
      '/assets/..%2findex.html',
      '/%2e%2e/etc/passwd',
      '/../../../../etc/passwd',
      '//etc/passwd',
      '/index.html/',
    ]) {
      assert.equal(handler(get(path)), undefined, path);
    }
    assert.equal(handler(get('/', {}, 'POST')), undefined);
  });

  it('is undefined for a folder without index.html, or no folder', () => {
    const empty = mkdtempSync(join(tmpdir(), 'telemeter-static-'));
    try {
      assert.equal(createStaticHandler(empty), undefined);
      assert.equal(createStaticHandler(join(empty, 'nope')), undefined);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

/** A raw request, so the path reaches the server exactly as written (fetch would normalize `..`). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the dashboard over HTTP', () => {
  it('answers 404 for a missing file and never serves a file outside the folder', async () => {
    const server = await startTempServer();
    try {
      assert.equal((await fetch(`${server.url}/assets/nope-123.js`)).status, 404);
      for (const path of [
        '/../../../../etc/passwd',
        '/assets/../../package.json',
        '/%2e%2e/%2e%2e/etc/passwd',
      ]) {
        const res = await rawGet(server.url, path);
        assert.equal(res.status, 404, path);
        assert.doesNotMatch(res.body, /root:|"name"/, path);
      }
    } finally {
      await server.dispose();
    }
  });
});
