import { readFile } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { ParseFormat } from '@telemeter/core';
import type { BasicAuth } from './types.js';

/**
 * Prometheus's Accept header: OpenMetrics 1.0 preferred, then text 0.0.4, then anything (read as
 * text). A target that cannot speak OpenMetrics answers with the text format.
 */
export const SCRAPE_ACCEPT =
  'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1';

export const USER_AGENT = 'telemeter-scrape/0.1';

export interface HttpScrapeRequest {
  readonly url: string;
  readonly timeoutMs: number;
  /** The Authorization header value, from `authorizationHeader`. */
  readonly authorization?: string;
  readonly agent?: { http: http.Agent; https: https.Agent };
  readonly signal: AbortSignal;
}

export interface HttpScrapeResponse {
  readonly contentType: string;
  /** The decoded (gunzipped, UTF-8) body, chunk by chunk. */
  readonly body: AsyncIterable<string>;
}

export interface ScrapeCredentials {
  readonly bearerToken?: string;
  readonly bearerTokenFile?: string;
  readonly basicAuth?: BasicAuth;
}

async function readSecret(file: string, what: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trimEnd();
  } catch (err) {
    throw new Error(`reading ${what} ${file} failed: ${(err as Error).message}`);
  }
}

/** The Authorization header for a scrape; files are read each time so secrets can rotate. */
export async function authorizationHeader(credentials: ScrapeCredentials): Promise<string | undefined> {
  if (credentials.bearerToken !== undefined) return `Bearer ${credentials.bearerToken}`;
  if (credentials.bearerTokenFile !== undefined) {
    return `Bearer ${await readSecret(credentials.bearerTokenFile, 'bearer_token_file')}`;
  }
  const basic = credentials.basicAuth;
  if (basic === undefined) return undefined;
  const password =
    basic.passwordFile !== undefined
      ? await readSecret(basic.passwordFile, 'basic_auth password_file')
      : (basic.password ?? '');
  return `Basic ${Buffer.from(`${basic.username}:${password}`).toString('base64')}`;
}

/** The exposition format a Content-Type names; anything but OpenMetrics is read as text 0.0.4. */
export function formatFromContentType(contentType: string): ParseFormat {
  const mediaType = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/openmetrics-text' ? 'openmetrics' : 'prometheus';
}

/** GETs a target's metrics; rejects for a transport error or a non-2xx status. */
export function httpScrape(request: HttpScrapeRequest): Promise<HttpScrapeResponse> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {
    accept: SCRAPE_ACCEPT,
    'accept-encoding': 'gzip',
    'user-agent': USER_AGENT,
    // Lets a target (e.g. an exporter that probes something) fit its work into our deadline.
    'x-prometheus-scrape-timeout-seconds': String(request.timeoutMs / 1000),
  };
  if (request.authorization !== undefined) headers.authorization = request.authorization;
  const secure = url.protocol === 'https:';
  const get = secure ? https.get : http.get;
  const agent = secure ? request.agent?.https : request.agent?.http;
  return new Promise((resolve, reject) => {
    const req = get(url, { headers, agent, signal: request.signal }, (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        res.resume();
        reject(new Error(`server returned HTTP status ${status} ${res.statusMessage ?? ''}`.trimEnd()));
        return;
      }
      const encoding = (res.headers['content-encoding'] ?? 'identity').toLowerCase();
      let body: Readable = res;
      if (encoding === 'gzip') {
        const gunzip = createGunzip();
        pipeline(res, gunzip, () => {});
        body = gunzip;
      } else if (encoding !== 'identity') {
        res.destroy();
        reject(
          new Error(
            `unsupported Content-Encoding ${JSON.stringify(encoding)}: the target should send gzip or no encoding`,
          ),
        );
        return;
      }
      body.setEncoding('utf8');
      resolve({ contentType: res.headers['content-type'] ?? '', body });
    });
    req.on('error', reject);
  });
}
