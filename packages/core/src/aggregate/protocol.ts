/**
 * Messages between an aggregator (main thread / cluster primary) and the workers it collects from.
 * Every type starts with `telemeter:` so that an application's own message handlers can ignore them
 * with one check, and they never collide with the application's own messages.
 */

/** Aggregator -> worker: answer with a `snapshot` carrying the same `id`. */
export const COLLECT = 'telemeter:collect';
/** Aggregator -> worker: answer with `hello` (for a worker that started before the aggregator listened). */
export const PING = 'telemeter:ping';
/** Worker -> aggregator: I answer collect requests. */
export const HELLO = 'telemeter:hello';
/** Worker -> aggregator: the families for request `id`. */
export const SNAPSHOT = 'telemeter:snapshot';
/** Worker -> aggregator: collecting for request `id` failed. */
export const FAILED = 'telemeter:error';
/** Worker -> aggregator: my last families; I answer no more requests (the worker closed or is exiting). */
export const FINAL = 'telemeter:final';

/** Bumped when a message changes shape; a worker and an aggregator of different versions ignore each other. */
export const PROTOCOL_VERSION = 1;

export interface ProtocolMessage {
  readonly type: string;
  readonly v: number;
  readonly id?: string;
  /** Families: an array (worker_threads, structured clone) or an encoded string (cluster IPC, see wire.ts). */
  readonly families?: unknown;
  readonly message?: string;
}

/** Whether `value` is a message of this protocol (any other message of the application is ignored). */
export function isProtocolMessage(value: unknown): value is ProtocolMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ProtocolMessage).type === 'string' &&
    (value as ProtocolMessage).type.startsWith('telemeter:') &&
    (value as ProtocolMessage).v === PROTOCOL_VERSION
  );
}
