import { FetchError } from './errors.js';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface FetchedText {
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: string;
  /** Bytes of the body as received after content decoding (gzip is undone by fetch). */
  readonly bytes: number;
  readonly elapsedMs: number;
}

export interface FetchOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The system error code behind a fetch failure (undici puts it on `cause`). */
function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function explain(url: string, error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return error.name === 'TimeoutError'
      ? `${url} did not answer within ${timeoutMs / 1000} s`
      : `request to ${url} was cancelled`;
  }
  const code = causeCode(error);
  if (error instanceof Error && error.cause instanceof Error && error.cause.message === 'bad port') {
    return `cannot fetch ${url}: fetch refuses that port (on the Fetch standard's list of blocked ports); use another`;
  }
  switch (code) {
    case 'ECONNREFUSED':
      return `cannot connect to ${url}: connection refused (is it running, on that port?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot connect to ${url}: host not found`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `${url} closed the connection before answering`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `cannot connect to ${url}: connect timed out`;
    default: {
      const detail =
        error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
      return `cannot fetch ${url}: ${detail}${code ? ` (${code})` : ''}`;
    }
  }
}

/** Fetches `url` and reads the whole body as text; network failures become a FetchError that says what happened. */
export async function fetchText(url: string, options: FetchOptions = {}): Promise<FetchedText> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signals = [AbortSignal.timeout(timeoutMs)];
  if (options.signal) signals.push(options.signal);
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      body: options.body,
      signal: AbortSignal.any(signals),
      redirect: 'follow',
    });
    const buffer = Buffer.from(await res.arrayBuffer());
    return {
      url,
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
      body: buffer.toString('utf8'),
      bytes: buffer.byteLength,
      elapsedMs: performance.now() - started,
    };
  } catch (error) {
    throw new FetchError(url, explain(url, error, timeoutMs), undefined, { cause: error });
  }
}

/** The first line of a body, cut to a length that fits an error message. */
export function bodySnippet(body: string, max = 200): string {
  const line = body.trim().split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
