import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Registry } from '@telemeter/core';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { until } from '../shared/testing/async.js';
import { histogramOf, sumOf } from '../shared/testing/metric-values.js';
import { transportMetrics } from './transport-metrics.js';
import { instrumentWebSocket } from './websocket.js';

async function startServer(registry: Registry) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  // The server echoes every message back, in the form it arrived (text or binary).
  wss.on('connection', (ws) => {
    instrumentWebSocket(ws, { registry, name: 'server' });
    ws.on('message', (data: RawData, isBinary: boolean) => ws.send(isBinary ? data : data.toString()));
  });
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => wss.close(() => resolve())),
  };
}

async function connect(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  await once(ws, 'open');
  return ws;
}

function collect(ws: WebSocket, count: number): Promise<number> {
  return new Promise((resolve) => {
    let seen = 0;
    const onMessage = () => {
      if (++seen === count) {
        ws.off('message', onMessage);
        resolve(seen);
      }
    };
    ws.on('message', onMessage);
  });
}

const side = (name: string, direction: string) => ({ transport: 'websocket', name, direction });

describe('instrumentWebSocket with ws', () => {
  it('counts messages and bytes exactly in both directions on both ends, and a reconnect', async () => {
    const registry = new Registry();
    const server = await startServer(registry);
    try {
      const client = transportMetrics({ registry, transport: 'websocket', name: 'client' });
      const texts = Array.from({ length: 20 }, (_, i) => `message ${i} ☃`);
      const binaries = Array.from({ length: 5 }, (_, i) => Buffer.alloc(1000 * (i + 1), i));
      const bytes =
        texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0) +
        binaries.reduce((sum, b) => sum + b.length, 0);
      const n = texts.length + binaries.length;

      let ws = await connect(server.url);
      const handle = instrumentWebSocket(ws, { metrics: client });
      assert.equal(instrumentWebSocket(ws, { metrics: client }), handle, 'instrumenting twice is a no-op');
      const echoed = collect(ws, n);
      for (const text of texts) ws.send(text);
      for (const binary of binaries) ws.send(binary, { binary: true }, () => {});
      assert.equal(await echoed, n);
      await until(
        async () => (await sumOf(registry, 'transport_messages_total', side('server', 'sent'))) === n,
      );

      for (const name of ['client', 'server']) {
        for (const direction of ['sent', 'received']) {
          const labels = side(name, direction);
          assert.equal(await sumOf(registry, 'transport_messages_total', labels), n, `${name} ${direction}`);
          assert.equal(
            await sumOf(registry, 'transport_bytes_total', labels),
            bytes,
            `${name} ${direction} bytes`,
          );
          assert.deepEqual(await histogramOf(registry, 'transport_message_size_bytes', labels), {
            count: n,
            sum: bytes,
          });
        }
      }
      assert.equal(await sumOf(registry, 'transport_open_connections'), 2);

      // The client reconnects with the same metrics instance: one reconnection.
      ws.close(1000);
      await once(ws, 'close');
      await until(async () => (await sumOf(registry, 'transport_open_connections')) === 0);
      assert.equal(Object.hasOwn(ws, 'send'), false, 'send is restored on close');
      ws = await connect(server.url);
      instrumentWebSocket(ws, { metrics: client });
      const again = collect(ws, 1);
      ws.send('after reconnect');
      await again;
      assert.equal(await sumOf(registry, 'transport_reconnections_total', { name: 'client' }), 1);
      assert.equal(await sumOf(registry, 'transport_reconnections_total', { name: 'server' }), 0);
      assert.equal(await sumOf(registry, 'transport_messages_total', side('client', 'sent')), n + 1);
      assert.equal(await sumOf(registry, 'transport_open_connections'), 2);
      assert.ok(
        (await histogramOf(registry, 'transport_idle_gap_seconds', { name: 'client' })).count >= 2 * n,
      );

      // An abnormal close (no close frame: 1006) is an error, seen by both ends.
      ws.terminate();
      for (const name of ['client', 'server']) {
        await until(
          async () =>
            (await sumOf(registry, 'transport_errors_total', { name, error_type: 'ws_close_1006' })) === 1,
        );
      }
      await until(async () => (await sumOf(registry, 'transport_open_connections')) === 0);
      client.stop();
    } finally {
      await server.close();
    }
  });

  it('counts a fragmented message once, and never sends refused by a closed socket', async () => {
    const registry = new Registry();
    const server = await startServer(registry);
    try {
      const ws = await connect(server.url);
      const handle = instrumentWebSocket(ws, { registry, name: 'client' });
      const echoed = collect(ws, 1);
      ws.send('abc', { fin: false });
      ws.send('def', { fin: false });
      ws.send('gh', { fin: true });
      await echoed;
      assert.equal(await sumOf(registry, 'transport_messages_total', side('client', 'sent')), 1);
      assert.deepEqual(await histogramOf(registry, 'transport_message_size_bytes', side('client', 'sent')), {
        count: 1,
        sum: 8,
      });
      assert.equal(await sumOf(registry, 'transport_messages_total', side('server', 'received')), 1);
      assert.equal(await sumOf(registry, 'transport_bytes_total', side('server', 'received')), 8);
      ws.close();
      const errors: unknown[] = [];
      ws.send('too late', (error) => errors.push(error));
      await once(ws, 'close');
      assert.equal(errors.length, 1, 'the original send still reports its error');
      assert.equal(await sumOf(registry, 'transport_messages_total', side('client', 'sent')), 1);
      handle.stop();
    } finally {
      await server.close();
    }
  });
});

describe('instrumentWebSocket with a WHATWG WebSocket', () => {
  it("counts Node's global WebSocket (undici) in a child process", async () => {
    const registry = new Registry();
    const server = await startServer(registry);
    try {
      const adapter = fileURLToPath(new URL('./websocket.js', import.meta.url));
      const core = import.meta.resolve('@telemeter/core');
      const script = `
        const { Registry } = await import(${JSON.stringify(core)});
        const { instrumentWebSocket } = await import(${JSON.stringify(adapter)});
        const registry = new Registry();
        const ws = new WebSocket(${JSON.stringify(server.url)});
        ws.binaryType = 'arraybuffer';
        instrumentWebSocket(ws, { registry, name: 'whatwg' });
        let seen = 0;
        ws.addEventListener('message', () => { if (++seen === 3) ws.close(1000); });
        ws.addEventListener('open', () => { ws.send('héllo'); ws.send(new Uint8Array(10)); ws.send(new Blob(['blob!'])); });
        ws.addEventListener('close', async () => { process.stdout.write(await registry.metrics()); });
      `;
      const child = spawn(
        process.execPath,
        ['--experimental-websocket', '--input-type=module', '-e', script],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
      const [code] = await once(child, 'exit');
      assert.equal(code, 0, err);
      const value = (series: string) => {
        const line = out.split('\n').find((l) => l.startsWith(series));
        return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
      };
      const labels = (direction: string) => `{transport="websocket",name="whatwg",direction="${direction}"}`;
      assert.equal(value(`transport_messages_total${labels('sent')}`), 3);
      assert.equal(value(`transport_bytes_total${labels('sent')}`), 6 + 10 + 5);
      assert.equal(value(`transport_messages_total${labels('received')}`), 3);
      // 'héllo' comes back as text; the Uint8Array and the Blob come back as binary (ArrayBuffer).
      assert.equal(value(`transport_bytes_total${labels('received')}`), 6 + 10 + 5);
      assert.equal(value('transport_open_connections{transport="websocket",name="whatwg"}'), 0);
    } finally {
      await server.close();
    }
  });
});
