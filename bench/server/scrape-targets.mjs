// 100 scrape targets in one process: one HTTP server per port on 127.0.0.1, each exposing 1,000
// series in the Prometheus text format, values moving with the clock. argv[2] = target count
// (default 100). Sends {type:'ready', ports} over IPC; {type:'stats'} answers with scrapes served.
// Per target: the exposition of exposition.mjs (1,000 series).
import { createServer } from 'node:http';
import { renderExposition } from './exposition.mjs';

const TARGETS = Number(process.argv[2] ?? 100);
const START_S = Date.now() / 1000;
/** As if up for an hour. */
const render = (target) => renderExposition(target, Date.now() / 1000 - START_S + 3600, START_S);

let served = 0;
const servers = [];
for (let target = 0; target < TARGETS; target++) {
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    served++;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(render(target));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
}
process.on('message', (message) => {
  if (message?.type === 'stats')
    process.send({
      type: 'stats',
      served,
      seriesPerTarget: render(0)
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('#')).length,
    });
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready', ports: servers.map((s) => s.address().port) });
