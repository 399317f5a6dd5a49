/**
 * The opt-in admin endpoint that sets every metric back to zero (`reset: { token }`): `POST` with
 * `Authorization: Bearer <token>`. Shared by the node handler, the fetch handler and the renderer
 * so the three answer alike.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { InvalidConfigError } from '../errors.js';
import type { MetricsSource, ResolvedResetOptions } from './options.js';
import { jsonResponse, type RenderedResponse, textResponse } from './render.js';

/** What the endpoint needs from the registry: any `Registry` (including a merged one) fits. */
interface ResettableSource extends MetricsSource {
  resetAll(): void;
  getAll(): readonly unknown[];
}

/** Answers one request to the reset path: its method and `Authorization` header. */
export type ResetResponder = (method: string, authorization: string | undefined) => RenderedResponse;

/** The SHA-256 of a token: digests are always 32 bytes, so comparing them leaks no length. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** The credentials of an `Authorization: Bearer <token>` header (scheme case-insensitive). */
function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^\s*bearer\s+(\S(?:.*\S)?)\s*$/i.exec(authorization);
  return match?.[1];
}

/**
 * Checks at creation that the source can be reset, and returns the responder. The token is kept
 * only as its digest, compared in constant time with `timingSafeEqual`.
 */
export function createResetResponder(source: MetricsSource, reset: ResolvedResetOptions): ResetResponder {
  const resettable = source as Partial<ResettableSource>;
  if (typeof resettable.resetAll !== 'function' || typeof resettable.getAll !== 'function') {
    throw new InvalidConfigError(
      'reset',
      'reset needs the registry to be a Registry (with resetAll() and getAll()); this source only has collect(). Pass the Registry, or Registry.merge([...]), to the handler.',
    );
  }
  const expected = digest(reset.token);
  return function respond(method, authorization) {
    if (method !== 'POST') {
      return textResponse(405, `Method not allowed: ${reset.path} takes POST.\n`, { Allow: 'POST' });
    }
    // Without a bearer token, the empty string is compared (the configured token never is empty).
    const presented = bearerToken(authorization) ?? '';
    if (!timingSafeEqual(digest(presented), expected)) {
      return textResponse(
        401,
        `Unauthorized: ${reset.path} needs "Authorization: Bearer <token>" with the configured reset token.\n`,
        { 'WWW-Authenticate': 'Bearer' },
      );
    }
    const count = resettable.getAll!().length;
    resettable.resetAll!();
    return jsonResponse(200, { status: 'ok', reset: count });
  };
}
