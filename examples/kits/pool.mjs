// @telemeter/kits/pool: a generic-pool of real TCP connections to a local server under a burst of
// requests, and a buffer pool, both instrumented; then the exposition.
//
//   npm run build && node examples/kits/pool.mjs
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import genericPool from 'generic-pool';
import { Registry } from '../../packages/core/dist/esm/index.js';
import { instrumentGenericPool, instrumentPool } from '../../packages/kits/dist/esm/pool/index.js';

const registry = new Registry({ defaultLabels: { service: 'example' } });

// A "database" on 127.0.0.1 that answers each query after 10-25 ms.
const server = createServer((socket) => {
  socket.on('data', (data) => setTimeout(() => socket.write(data), 10 + (data[data.length - 1] % 16)));
  socket.on('error', () => {});
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address();

// 1. generic-pool: at most 4 connections, 1 kept warm, requests time out after 80 ms.
const db = genericPool.createPool(
  {
    create: () =>
      new Promise((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => resolve(socket));
        socket.once('error', reject);
      }),
    destroy: async (socket) => socket.destroy(),
  },
  { max: 4, min: 1, acquireTimeoutMillis: 80 },
);
instrumentGenericPool(db, { name: 'db', registry });
const query = (text) =>
  db.use(async (socket) => {
    socket.write(text);
    const [reply] = await once(socket, 'data');
    return reply.toString();
  });

// A burst of 40 queries: 4 run at once, the rest queue; some wait longer than 80 ms and time out.
const outcomes = { ok: 0, timeout: 0 };
await Promise.all(
  Array.from({ length: 40 }, async (_, i) => {
    try {
      await query(`q${i}`);
      outcomes.ok++;
    } catch (error) {
      if (error.name !== 'TimeoutError') throw error;
      outcomes.timeout++;
    }
  }),
);
await sleep(10);

// 2. A buffer pool: reuses up to 8 released 64 KiB buffers and lets the others go.
class BufferPool {
  #free = [];
  #live = 0; // buffers allocated and not let go
  get available() {
    return this.#free.length;
  }
  get size() {
    return this.#live;
  }
  alloc() {
    const buffer = this.#free.pop();
    if (buffer) return buffer;
    this.#live++;
    return Buffer.allocUnsafe(64 * 1024);
  }
  free(buffer) {
    if (this.#free.length < 8) this.#free.push(buffer);
    else this.#live--;
  }
}
const frames = new BufferPool();
instrumentPool(frames, {
  name: 'frames',
  kind: 'buffer',
  registry,
  methods: { acquire: 'alloc', release: 'free' },
  idle: () => frames.available,
  size: () => frames.size,
  max: 8,
});
for (let round = 0; round < 5; round++) {
  const held = Array.from({ length: 4 + round * 2 }, () => frames.alloc());
  for (const buffer of held) frames.free(buffer);
}

console.log('queries:', outcomes);
const text = await registry.metrics();
console.log(
  text
    .split('\n')
    .filter((line) => line.startsWith('pool_') && !line.includes('_bucket'))
    .join('\n'),
);

await db.drain();
await db.clear();
server.close();
