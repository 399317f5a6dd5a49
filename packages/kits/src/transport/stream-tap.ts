/**
 * Observes what flows through Node streams without changing how they flow: no 'data' or
 * 'readable' listener (either would switch a stream's mode) and no 'error' listener (it would
 * silence an unhandled error). Instead the instance's own `push` (where every readable's data
 * enters: sockets, pipes, files, child process stdio) and `write`/`end` (where every writable's
 * data leaves: `write()` calls and `pipe()` alike) are wrapped; the originals run unchanged, with the
 * same `this`, arguments and return value, and any exception they throw propagates untouched.
 */

export type ChunkObserver = (chunk: unknown, encoding: unknown) => void;

interface Patchable {
  [key: string]: unknown;
}

/** Replaces `target[key]` with `wrapper`; the returned function puts the original back (if still ours). */
function patch(target: Patchable, key: string, wrapper: (...args: unknown[]) => unknown): () => void {
  const own = Object.hasOwn(target, key);
  const original = target[key];
  target[key] = wrapper;
  return () => {
    if (target[key] !== wrapper) return; // someone wrapped it after us: leave their wrapper alone
    if (own) target[key] = original;
    else delete target[key];
  };
}

function observe(observer: ChunkObserver, chunk: unknown, encoding: unknown): void {
  try {
    observer(chunk, encoding);
  } catch {
    // Counting must never break the stream.
  }
}

/** Calls `observer` for each chunk pushed into `readable`, before it is buffered or emitted. */
export function tapReadable(readable: object, observer: ChunkObserver): () => void {
  const target = readable as Patchable;
  const push = target.push;
  if (typeof push !== 'function') return () => {};
  return patch(target, 'push', function (this: unknown, ...args: unknown[]) {
    const chunk = args[0];
    if (chunk !== null && chunk !== undefined) observe(observer, chunk, args[1]);
    return Reflect.apply(push, this, args);
  });
}

/** Calls `observer` for each chunk accepted by `writable.write()` or `writable.end(chunk)`. */
export function tapWritable(writable: object, observer: ChunkObserver): () => void {
  const target = writable as Patchable & { writableEnded?: boolean; destroyed?: boolean };
  const write = target.write;
  const end = target.end;
  if (typeof write !== 'function') return () => {};
  // end(chunk) may write through this.write() in user-defined streams: count the chunk once, in end.
  let ending = false;
  const accepting = () => target.writableEnded !== true && target.destroyed !== true;
  const restoreWrite = patch(target, 'write', function (this: unknown, ...args: unknown[]) {
    const counted = !ending && accepting();
    const result = Reflect.apply(write, this, args);
    // After the call: a write that throws (a bad chunk type) carried nothing.
    if (counted) observe(observer, args[0], typeof args[1] === 'function' ? undefined : args[1]);
    return result;
  });
  if (typeof end !== 'function') return restoreWrite;
  const restoreEnd = patch(target, 'end', function (this: unknown, ...args: unknown[]) {
    const chunk = args[0];
    const counted = accepting() && chunk !== null && chunk !== undefined && typeof chunk !== 'function';
    ending = true;
    let result: unknown;
    try {
      result = Reflect.apply(end, this, args);
    } finally {
      ending = false;
    }
    if (counted) observe(observer, chunk, typeof args[1] === 'function' ? undefined : args[1]);
    return result;
  });
  return () => {
    restoreWrite();
    restoreEnd();
  };
}
