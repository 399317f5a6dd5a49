// @telemeter/kits/transport: messages, bytes, sizes, reconnections and idle time of a WebSocket,
// a Server-Sent Events stream and a stdio (NDJSON / MCP-style) child process.
//
//   npm run build && node examples/kits/transport.mjs
//
// Everything runs on 127.0.0.1 and in a child process; the program prints the exposition and exits.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { WebSocket, WebSocketServer } from 'ws';
import { Registry } from '../../packages/core/dist/esm/index.js';
import {
  instrumentSse,
  instrumentSseStream,
  instrumentStdio,
  instrumentWebSocket,
  transportMetrics,
} from '../../packages/kits/dist/esm/transport/index.js';

const registry = new Registry();

// --- WebSocket: an echo server (one metrics instance per accepted connection) ----------------
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await once(wss, 'listening');
wss.on('connection', (ws) => {
  instrumentWebSocket(ws, { registry, name: 'echo-server' });
  ws.on('message', (data, isBinary) => ws.send(isBinary ? data : data.toString()));
});
const wsUrl = `ws://127.0.0.1:${wss.address().port}`;

// ...and a client that keeps ONE metrics instance across connections, so reconnecting is counted.
const client = transportMetrics({ registry, transport: 'websocket', name: 'echo-client' });
for (let connection = 0; connection < 2; connection++) {
  const ws = new WebSocket(wsUrl);
  instrumentWebSocket(ws, { metrics: client });
  await once(ws, 'open');
  for (let i = 0; i < 10; i++) {
    const text = client.timeSerialize(() => JSON.stringify({ seq: i, text: 'hello ☃'.repeat(i + 1) }));
    ws.send(text);
    const [reply] = await once(ws, 'message');
    client.timeDeserialize(() => JSON.parse(reply.toString()));
  }
  ws.close(1000);
  await once(ws, 'close');
}

// --- Server-Sent Events: a node:http stream read with fetch ----------------------------------
const sse = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  instrumentSse(res, { registry, name: 'prices' });
  let n = 0;
  const timer = setInterval(() => {
    if (n % 4 === 3) res.write(': keep-alive\n\n'); // bytes, not an event
    res.write(`id: ${n}\nevent: price\ndata: ${JSON.stringify({ symbol: 'ACME', price: 100 + n })}\n\n`);
    if (++n === 8) {
      clearInterval(timer);
      res.end();
    }
  }, 5);
  req.on('close', () => clearInterval(timer));
});
sse.listen(0, '127.0.0.1');
await once(sse, 'listening');
const response = await fetch(`http://127.0.0.1:${sse.address().port}/prices`);
let received = '';
for await (const chunk of instrumentSseStream(response.body, { registry, name: 'prices-client' })) {
  received += new TextDecoder().decode(chunk);
}

// --- stdio: a child process speaking newline-delimited JSON-RPC, as an MCP server does ---------
const child = spawn(
  process.execPath,
  [
    '-e',
    `require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
       const { id, params } = JSON.parse(line);
       process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id, result: { length: params.text.length } }) + '\\n');
     });`,
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
instrumentStdio(child.stdout, child.stdin, { registry, name: 'tool-server' });
const lines = createInterface({ input: child.stdout });
for (let id = 1; id <= 5; id++) {
  child.stdin.write(
    `${JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { text: 'x'.repeat(id * 100) } })}\n`,
  );
  await once(lines, 'line');
}
child.stdin.end();
await once(child, 'exit');

const text = await registry.metrics();
console.log(
  text
    .split('\n')
    .filter((line) => !line.includes('_bucket{'))
    .join('\n'),
);
console.log(`(the SSE client read ${Buffer.byteLength(received)} bytes)`);

await new Promise((resolve) => wss.close(resolve));
sse.close();
