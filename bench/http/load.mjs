// Load generator for ../http-overhead.bench.mjs, in its own process so that it does not share an
// event loop with the server. Forked with an IPC channel it stays up and runs one burst per
// message ({ port, seconds, connections, pipelining, rate? }), answering with
// { requests, rps, non2xx, errors }; from a shell: node load.mjs <port> <seconds> [connections] [pipelining] [rate]
import autocannon from 'autocannon';

let user = 0;
let order = 0;

async function burst({ port, seconds, connections = 16, pipelining = 1, rate }) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    pipelining,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    // Alternate the two routes, each with changing ids, so route templates matter.
    requests: [
      { method: 'GET', setupRequest: (req) => ({ ...req, path: `/users/${(user = (user + 1) % 10_000)}` }) },
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: `/orders/${(order = (order + 7) % 10_000)}` }),
      },
    ],
  });
  return {
    requests: result.requests.total,
    rps: result.requests.total / (result.duration || seconds),
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

if (process.send) {
  process.on('message', async (message) => {
    if (message === 'stop') return process.disconnect();
    process.send(await burst(message));
  });
} else {
  const [port, seconds, connections = '16', pipelining = '1', rate] = process.argv.slice(2);
  const options = { port: Number(port), seconds: Number(seconds), connections: Number(connections) };
  options.pipelining = Number(pipelining);
  if (rate) options.rate = Number(rate);
  console.log(JSON.stringify(await burst(options)));
}
