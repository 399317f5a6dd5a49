import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ApiRequest, ApiResponse } from './types.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

interface StaticFile {
  readonly body: Buffer;
  readonly gzipped: Buffer | undefined;
  readonly contentType: string;
  readonly cacheControl: string;
}

/**
 * Serves the built dashboard from memory: `index.html` must always be revalidated, while files
 * under `assets/` carry a content hash in their names and are cached for a year. Files are read
 * and gzipped once at start (the whole dashboard is a few hundred KB).
 */
export function createStaticHandler(dir: string): ((req: ApiRequest) => ApiResponse | undefined) | undefined {
  let files: Map<string, StaticFile>;
  try {
    files = loadFiles(dir);
  } catch {
    return undefined;
  }
  if (!files.has('/index.html')) return undefined;
  return (req) => {
    if (req.method !== 'GET') return undefined;
    const file = files.get(req.path === '/' ? '/index.html' : req.path);
    if (file === undefined) return undefined;
    const accepts = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const headers: Record<string, string> = {
      'content-type': file.contentType,
      'cache-control': file.cacheControl,
      vary: 'Accept-Encoding',
      'x-content-type-options': 'nosniff',
    };
    if (accepts && file.gzipped !== undefined) {
      headers['content-encoding'] = 'gzip';
      return { status: 200, headers, body: file.gzipped };
    }
    return { status: 200, headers, body: file.body };
  };
}

function loadFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (relative: string): void => {
    for (const name of readdirSync(join(dir, relative))) {
      const path = `${relative}/${name}`;
      const full = join(dir, path);
      if (statSync(full).isDirectory()) {
        walk(path);
        continue;
      }
      const body = readFileSync(full);
      const type = CONTENT_TYPES[extname(name)] ?? 'application/octet-stream';
      const compressible = type.startsWith('text/') || type.includes('json') || type.includes('svg');
      const gzipped = compressible && body.length > 512 ? gzipSync(body, { level: 9 }) : undefined;
      files.set(path, {
        body,
        gzipped: gzipped !== undefined && gzipped.length < body.length ? gzipped : undefined,
        contentType: type,
        cacheControl: path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    }
  };
  walk('');
  return files;
}
