import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { Registry } from '@telemeter/core';
import { until } from '../shared/testing/async.js';
import { histogramOf, sumOf } from '../shared/testing/metric-values.js';
import { instrumentSse, instrumentSseStream } from './sse.js';
import { transportMetrics } from './transport-metrics.js';

/** Writes the events in several shapes: whole, split over writes, several per write, Buffers, a keep-alive. */
function writeEvents(res: ServerResponse, from: number): string {
  const parts = [
    `id: ${from}\nevent: tick\ndata: {"n":${from}}\n\n`,
    'data: first line\n',
    'data: second line ☃\n\n',
    ': keep-alive\n\n',
    `data: a\n\ndata: b\n\n`,
  ];
  for (const part of parts) res.write(part);
  res.write(Buffer.from('data: bytes\r\n\r\n'));
  res.end('data: last\n\n');
  return `${parts.join('')}data: bytes\r\n\r\ndata: last\n\n`;
}
const EVENTS = 6;

async function startServer(registry: Registry, options: { hold?: boolean } = {}) {
  const written: string[] = [];
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    instrumentSse(res, { registry, name: 'server' });
    if (options.hold) {
      res.write('data: hello\n\n');
      return;
    }
    written.push(writeEvents(res, Number(req.headers['last-event-id'] ?? 0)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/events`,
    written,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

const labels = (name: string, direction: string) => ({ transport: 'sse', name, direction });

describe('instrumentSse and instrumentSseStream', () => {
  it('count the same events and bytes on the server and the fetch client, and reconnections', async () => {
    const registry = new Registry();
    const server = await startServer(registry);
    try {
      const client = transportMetrics({ registry, transport: 'sse', name: 'client' });
      const response = await fetch(server.url);
      const text = await readAll(instrumentSseStream(response.body!, { metrics: client }));
      assert.equal(text, server.written[0], 'the client reads exactly what was written');
      const bytes = Buffer.byteLength(text);

      await until(
        async () => (await sumOf(registry, 'transport_open_connections', { name: 'server' })) === 0,
      );
      assert.equal(await sumOf(registry, 'transport_messages_total', labels('server', 'sent')), EVENTS);
      assert.equal(await sumOf(registry, 'transport_bytes_total', labels('server', 'sent')), bytes);
      assert.equal(await sumOf(registry, 'transport_messages_total', labels('client', 'received')), EVENTS);
      assert.equal(await sumOf(registry, 'transport_bytes_total', labels('client', 'received')), bytes);
      // Event sizes add up to the stream minus the keep-alive and the last LF of the CRLF event.
      const sizes = await histogramOf(registry, 'transport_message_size_bytes', labels('server', 'sent'));
      assert.deepEqual(sizes, { count: EVENTS, sum: bytes - ': keep-alive\n\n'.length - 1 });
      assert.equal(await sumOf(registry, 'transport_open_connections', { name: 'client' }), 0);

      // Reconnecting as EventSource does: with Last-Event-ID, through the same client metrics.
      const again = await fetch(server.url, { headers: { 'last-event-id': '7' } });
      await readAll(instrumentSseStream(again.body!, { metrics: client }));
      assert.equal(await sumOf(registry, 'transport_reconnections_total', { name: 'server' }), 1);
      assert.equal(await sumOf(registry, 'transport_reconnections_total', { name: 'client' }), 1);
      assert.equal(
        await sumOf(registry, 'transport_messages_total', labels('client', 'received')),
        2 * EVENTS,
      );
      client.stop();
    } finally {
      await server.close();
    }
  });

  it('closes both ends when the client cancels a long-lived stream', async () => {
    const registry = new Registry();
    const server = await startServer(registry, { hold: true });
    try {
      const response = await fetch(server.url);
      const stream = instrumentSseStream(response.body!, { registry, name: 'client' });
      const reader = stream.getReader();
      const first = await reader.read();
      assert.equal(new TextDecoder().decode(first.value), 'data: hello\n\n');
      assert.equal(await sumOf(registry, 'transport_open_connections'), 2);
      await reader.cancel();
      await until(async () => (await sumOf(registry, 'transport_open_connections')) === 0);
      assert.equal(await sumOf(registry, 'transport_messages_total', { direction: 'received' }), 1);
      assert.equal(await sumOf(registry, 'transport_messages_total', { direction: 'sent' }), 1);
    } finally {
      await server.close();
    }
  });
});
