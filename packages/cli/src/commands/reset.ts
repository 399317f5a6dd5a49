import type { CommandSpec } from '../command.js';
import { type CliError, FetchError } from '../errors.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { bodySnippet, type FetchedText, fetchText } from '../fetch-url.js';
import { withProgress } from '../output/progress.js';
import { DEFAULT_SERVER_URL, parseUrlArg, resetUrlsOf } from '../urls.js';

const NAME = 'reset';

/** What the target said it reset, as lines: a JSON object's fields, or its text. */
function describeReset(fetched: FetchedText): string[] {
  const text = fetched.body.trim();
  if (text === '') return [];
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      const data = (body as { data?: unknown }).data;
      const fields = data && typeof data === 'object' && !Array.isArray(data) ? data : body;
      return Object.entries(fields as Record<string, unknown>)
        .filter(([key]) => key !== 'status')
        .map(([key, value]) => `  ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
    }
    return [`  ${JSON.stringify(body)}`];
  } catch {
    return text.split('\n').map((line) => `  ${line}`);
  }
}

function refusal(fetched: FetchedText, tokenGiven: boolean): CliError {
  const url = fetched.url;
  const said = bodySnippet(fetched.body);
  const detail = said ? ` (the server said: ${said})` : '';
  switch (fetched.status) {
    case 401:
      return new FetchError(
        url,
        tokenGiven
          ? `${url} refused the token (401 Unauthorized)${detail}: check --token / TELEMETER_TOKEN`
          : `${url} needs a bearer token (401 Unauthorized)${detail}: pass --token T or set TELEMETER_TOKEN`,
        401,
      );
    case 403:
      return new FetchError(
        url,
        `${url} forbids the reset (403 Forbidden)${detail}: the token lacks admin rights, or resets are disabled on that server`,
        403,
      );
    case 404:
      return new FetchError(
        url,
        `no reset endpoint at ${url} (404 Not Found): give a telemeter server's base URL (POST /api/v1/admin/reset), an app's /metrics URL whose @telemeter/core handler has reset enabled (POST /metrics/reset), or the full .../reset URL`,
        404,
      );
    case 405:
      return new FetchError(url, `${url} does not accept POST (405 Method Not Allowed)${detail}`, 405);
    default:
      return new FetchError(
        url,
        `${url} answered ${fetched.status} ${fetched.statusText}${detail}`,
        fetched.status,
      );
  }
}

export const resetCommand: CommandSpec = {
  name: NAME,
  summary: "reset a target's metrics through its admin reset endpoint",
  usage: 'reset [URL] [--token T] [--json]',
  description: [
    "POSTs to the target's reset endpoint and prints what it reset. URL defaults to",
    'http://127.0.0.1:9464. A URL ending in /reset is used as is; a /metrics URL (an app served',
    "by @telemeter/core's handler) gets /reset appended (POST /metrics/reset); a base URL is",
    'tried as a telemeter server (POST /api/v1/admin/reset), then as an app (POST /metrics/reset)',
    'when the first answers 404. The token is sent as `Authorization: Bearer T`; it can also come',
    'from TELEMETER_TOKEN so that it stays out of the shell history.',
  ].join('\n'),
  positionals: { min: 0, max: 1, names: 'URL' },
  options: {
    token: { type: 'string', value: 'T', help: 'bearer token (default: $TELEMETER_TOKEN)' },
    json: { type: 'boolean', help: "print the endpoint's answer as JSON" },
  },
  examples: [
    'telemeter reset',
    'telemeter reset http://127.0.0.1:3000/metrics',
    'TELEMETER_TOKEN=s3cret telemeter reset http://127.0.0.1:9464',
  ],
  exitCodes: [
    [EXIT_OK, 'reset'],
    [EXIT_FAILURE, 'unreachable, 401/403 (token), 404 (no reset endpoint) or another error status'],
    [EXIT_USAGE, 'bad flag or URL'],
  ],
  async run({ values, positionals, io, out }) {
    const target = parseUrlArg(positionals[0] ?? DEFAULT_SERVER_URL, NAME);
    const token = (values.token as string | undefined) ?? io.env.TELEMETER_TOKEN;
    const headers: Record<string, string> = { Accept: 'application/json, text/plain;q=0.9' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const candidates = resetUrlsOf(target);
    let fetched!: FetchedText;
    for (const url of candidates) {
      fetched = await withProgress(io, `resetting ${url}`, () => fetchText(url, { method: 'POST', headers }));
      // Only "no such endpoint" sends us to the next candidate; any other answer is the target's.
      if (fetched.status !== 404) break;
    }
    if (fetched.status === 404 && candidates.length > 1) {
      throw new FetchError(
        fetched.url,
        `no reset endpoint at ${target.toString()}: tried ${candidates.map((u) => `POST ${u}`).join(' and ')}, both 404. Is this a telemeter server, or an app whose @telemeter/core handler has reset enabled?`,
        404,
      );
    }
    if (fetched.status < 200 || fetched.status > 299) throw refusal(fetched, token !== undefined);
    if (values.json === true) {
      let body: unknown = fetched.body;
      try {
        body = JSON.parse(fetched.body);
      } catch {
        // not JSON: keep the text
      }
      io.stdout.write(`${JSON.stringify({ url: fetched.url, status: fetched.status, body }, null, 2)}\n`);
      return EXIT_OK;
    }
    const details = describeReset(fetched);
    io.stdout.write(
      `${out.green('reset')} ${fetched.url} (${fetched.status} ${fetched.statusText})${details.length ? ':' : ''}\n${details.map((l) => `${l}\n`).join('')}`,
    );
    return EXIT_OK;
  },
};
