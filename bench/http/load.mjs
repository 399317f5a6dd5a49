// Load generator for ../http-overhead.bench.mjs, in its own process so that it does not share a
// core with the server's event loop. Usage: node load.mjs <port> <seconds> [connections] [pipelining]
// Prints one JSON line: { requests, rps, non2xx, errors }.
import autocannon from 'autocannon';

const [port, seconds, connections = '32', pipelining = '1'] = process.argv.slice(2);
let user = 0;
let order = 0;
const result = await autocannon({
  url: `http://127.0.0.1:${port}`,
  connections: Number(connections),
  pipelining: Number(pipelining),
  duration: Number(seconds),
  // Alternate the two routes, each with changing ids, so route templates matter.
  requests: [
    { method: 'GET', setupRequest: (req) => ({ ...req, path: `/users/${(user = (user + 1) % 10_000)}` }) },
    { method: 'GET', setupRequest: (req) => ({ ...req, path: `/orders/${(order = (order + 7) % 10_000)}` }) },
  ],
});
console.log(
  JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.total / (result.duration || Number(seconds)),
    non2xx: result.non2xx,
    errors: result.errors,
  }),
);
