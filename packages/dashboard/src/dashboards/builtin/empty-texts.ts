// What the built-in views tell a user whose panels are empty: which kit produces the metrics and
// that telemeter has to scrape the process that uses it.

const SCRAPE = 'and add the process as a scrape target in telemeter.yml (scrape_configs).';

export const NO_HTTP =
  `No HTTP server metrics yet. Instrument your server with instrumentHttpServer() from @telemeter/kits/http ` +
  `(or the Express, Fastify, Koa or Hono middleware there) ${SCRAPE}`;

export const NO_ERRORS = `No requests in this range, so no error rate. ${NO_HTTP}`;

export const NO_RUNTIME = `No Node.js runtime metrics yet. Call collectRuntimeMetrics() from @telemeter/core ${SCRAPE}`;

export const NO_SYSTEM = `No system metrics yet. Call collectSystemMetrics() from @telemeter/kits/system (Linux: read from /proc) ${SCRAPE}`;

export const NO_CACHE =
  `No cache metrics yet. Wrap your cache with instrumentCache(), instrumentLruCache() or instrumentTtlCache() ` +
  `from @telemeter/kits/cache ${SCRAPE}`;

export const NO_ALERTS =
  'No active alerts. Alerts arrive with alert rules: once rules are configured, the firing ones show here.';
