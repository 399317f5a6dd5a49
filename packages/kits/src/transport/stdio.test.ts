import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Registry } from '@telemeter/core';
import { until } from '../shared/testing/async.js';
import { histogramOf, sumOf } from '../shared/testing/metric-values.js';
import { instrumentStdio } from './stdio.js';

/**
 * A JSON-RPC server over stdio, as an MCP server runs: it instruments its own stdin/stdout, answers
 * each request line, and when stdin ends prints its metrics as JSON to stderr.
 */
function serverScript(): string {
  const core = import.meta.resolve('@telemeter/core');
  const stdio = fileURLToPath(new URL('./stdio.js', import.meta.url));
  return `
    const { Registry } = await import(${JSON.stringify(core)});
    const { instrumentStdio } = await import(${JSON.stringify(stdio)});
    const { createInterface } = await import('node:readline');
    const registry = new Registry();
    instrumentStdio(process.stdin, process.stdout, { registry, name: 'server' });
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      if (line.trim() === '') return;
      const request = JSON.parse(line);
      process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { echo: request.params } }) + '\\n');
    });
    lines.on('close', async () => {
      const families = await registry.collect();
      const pick = (name, direction) => {
        const family = families.find((f) => f.name === name);
        const point = family.points.find((p) => p.labelValues[family.labelNames.indexOf('direction')] === direction);
        return point.value;
      };
      process.stderr.write(JSON.stringify({
        received: pick('transport_messages_total', 'received'),
        receivedBytes: pick('transport_bytes_total', 'received'),
        sent: pick('transport_messages_total', 'sent'),
        sentBytes: pick('transport_bytes_total', 'sent'),
      }));
    });
  `;
}

const labels = (direction: string) => ({ transport: 'stdio', name: 'client', direction });

describe('instrumentStdio', () => {
  it('counts NDJSON messages and bytes both ways with a real child process', async () => {
    const registry = new Registry();
    const child = spawn(process.execPath, ['--input-type=module', '-e', serverScript()], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const handle = instrumentStdio(child.stdout, child.stdin, { registry, name: 'client' });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let stdout = '';
    let responses = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      responses = stdout.split('\n').length - 1;
    });

    const requests = Array.from(
      { length: 12 },
      (_, id) =>
        `${JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { text: `ü${id}` } })}\n`,
    );
    // Shapes a real client produces: one message per write, several per write, one split over writes, blank lines.
    for (const request of requests.slice(0, 5)) child.stdin.write(request);
    child.stdin.write(requests.slice(5, 9).join(''));
    const split = requests[9]!;
    child.stdin.write(split.slice(0, 10));
    child.stdin.write(Buffer.from(split.slice(10)));
    child.stdin.write('\n');
    child.stdin.write(requests.slice(10).join(''));
    const sentBytes = Buffer.byteLength(requests.join('')) + 1;

    await until(() => responses === requests.length);
    child.stdin.end();
    const [code] = await once(child, 'exit');
    assert.equal(code, 0, stderr);

    assert.equal(await sumOf(registry, 'transport_messages_total', labels('sent')), 12);
    assert.equal(await sumOf(registry, 'transport_bytes_total', labels('sent')), sentBytes);
    assert.equal(await sumOf(registry, 'transport_messages_total', labels('received')), 12);
    assert.equal(
      await sumOf(registry, 'transport_bytes_total', labels('received')),
      Buffer.byteLength(stdout),
    );
    assert.deepEqual(await histogramOf(registry, 'transport_message_size_bytes', labels('received')), {
      count: 12,
      sum: Buffer.byteLength(stdout),
    });
    // The server's own view of the same conversation, through process.stdin/stdout.
    assert.deepEqual(JSON.parse(stderr), {
      received: 12,
      receivedBytes: sentBytes,
      sent: 12,
      sentBytes: Buffer.byteLength(stdout),
    });
    await until(async () => (await sumOf(registry, 'transport_open_connections')) === 0);
    // The child's 'exit' can come before its pipes' 'close' events: wait for those.
    await until(() => !Object.hasOwn(child.stdout, 'push') && !Object.hasOwn(child.stdin, 'write'));
    handle.stop();
  });

  it('supports content-length and chunk framing, and stop() restores the streams', async () => {
    const registry = new Registry();
    const incoming = new PassThrough();
    const outgoing = new PassThrough({ objectMode: true });
    const lsp = instrumentStdio(incoming, undefined, { registry, name: 'lsp', framing: 'content-length' });
    const objects = instrumentStdio(undefined, outgoing, { registry, name: 'objects', framing: 'chunk' });
    const body = '{"jsonrpc":"2.0","method":"initialized"}';
    const frame = `Content-Length: ${body.length}\r\n\r\n${body}`;
    incoming.write(frame.slice(0, 7));
    incoming.write(frame.slice(7) + frame);
    outgoing.write({ any: 'object' });
    outgoing.write('text');
    assert.equal(
      await sumOf(registry, 'transport_messages_total', { name: 'lsp', direction: 'received' }),
      2,
    );
    assert.equal(
      await sumOf(registry, 'transport_bytes_total', { name: 'lsp', direction: 'received' }),
      2 * frame.length,
    );
    assert.equal(
      await sumOf(registry, 'transport_messages_total', { name: 'objects', direction: 'sent' }),
      2,
    );
    lsp.stop();
    objects.stop();
    assert.equal(Object.hasOwn(incoming, 'push'), false);
    assert.equal(Object.hasOwn(outgoing, 'write') || Object.hasOwn(outgoing, 'end'), false);
    incoming.write(frame);
    assert.equal(
      await sumOf(registry, 'transport_messages_total', { name: 'lsp', direction: 'received' }),
      2,
    );
    assert.equal(await sumOf(registry, 'transport_open_connections'), 0);
  });

  it('keeps write semantics: return values, callbacks, and errors after end', async () => {
    const registry = new Registry();
    const stream = new PassThrough({ highWaterMark: 4 });
    instrumentStdio(undefined, stream, { registry, name: 'semantics' });
    let called = false;
    assert.equal(
      stream.write('12345678\n', () => (called = true)),
      false,
      'backpressure is reported as before',
    );
    stream.resume();
    await until(() => called);
    stream.end('last\n');
    const errors: unknown[] = [];
    stream.on('error', (error) => errors.push(error));
    stream.write('after end\n');
    await until(() => errors.length === 1);
    assert.equal((errors[0] as { code?: string }).code, 'ERR_STREAM_WRITE_AFTER_END');
    assert.equal(await sumOf(registry, 'transport_messages_total', { direction: 'sent' }), 2);
    assert.equal(await sumOf(registry, 'transport_bytes_total', { direction: 'sent' }), 14);
  });
});
