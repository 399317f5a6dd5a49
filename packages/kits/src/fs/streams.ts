import { errorMonitor } from 'node:events';
import { byteLengthOf } from './byte-length.js';
import { type FsKitOptions, FsRecorder } from './metrics.js';

/** What the stream helpers need from a stream: an EventEmitter, plus fs streams' byte counters when present. */
interface StreamLike {
  once(event: string | symbol, listener: (...args: unknown[]) => void): unknown;
  on(event: string | symbol, listener: (...args: unknown[]) => void): unknown;
  removeListener(event: string | symbol, listener: (...args: unknown[]) => void): unknown;
  readonly destroyed?: boolean;
  readonly bytesRead?: number;
  readonly bytesWritten?: number;
  readonly readableObjectMode?: boolean;
  readonly writableObjectMode?: boolean;
}

/**
 * Measures a readable file stream (`fs.createReadStream`, `fileHandle.createReadStream`):
 * bytes read, its duration (from this call until it ends, fails or closes) as operation
 * `createReadStream`, an error by code, and one file read when it reaches its end. Returns the
 * same stream. A stream its consumer destroys early (`destroy()`, or leaving a `for await` loop) is
 * a success without a completed file. Only passive listeners are added: the flow mode is not changed, and an 'error'
 * is observed through `events.errorMonitor`, so an unhandled one still throws as before.
 *
 * Bytes come from the stream's `bytesRead` (fs streams); for another Readable, each chunk
 * passed to its `push()` is counted.
 */
export function instrumentReadStream<S>(stream: S, options: FsKitOptions = {}): S {
  return instrumentStreamWith(stream, 'read', new FsRecorder(options));
}

/**
 * Measures a writable file stream (`fs.createWriteStream`, `fileHandle.createWriteStream`) as
 * instrumentReadStream does: bytes written (its `bytesWritten`, else the chunks given to
 * `write()`/`end()`), duration as operation `createWriteStream`, errors, and one file written
 * when it finishes.
 */
export function instrumentWriteStream<S>(stream: S, options: FsKitOptions = {}): S {
  return instrumentStreamWith(stream, 'write', new FsRecorder(options));
}

/** @internal Shared by the helpers above and instrumented FileHandles. */
export function instrumentStreamWith<S>(stream: S, direction: 'read' | 'write', recorder: FsRecorder): S {
  const s = stream as unknown as StreamLike;
  if (s === null || typeof s !== 'object' || typeof s.once !== 'function' || s.destroyed === true)
    return stream;
  const startedAt = performance.now();
  const series = recorder.op(direction === 'read' ? 'createReadStream' : 'createWriteStream');
  const bytes =
    direction === 'read'
      ? byteSource(s, 'bytesRead', ['push'])
      : byteSource(s, 'bytesWritten', ['write', 'end']);
  const completion = direction === 'read' ? 'end' : 'finish';
  let done = false;

  const finish = (error: unknown, completed: boolean): void => {
    if (done) return;
    done = true;
    s.removeListener(completion, onComplete);
    s.removeListener(errorMonitor, onError);
    s.removeListener('close', onClose);
    try {
      if (error === undefined) recorder.succeeded(series, startedAt);
      else recorder.failed(series, startedAt, error);
      if (direction === 'read') recorder.read(bytes(), completed);
      else recorder.written(bytes(), completed);
    } catch {}
  };
  const onComplete = () => finish(undefined, true);
  // Leaving a for-await loop early destroys the stream with an AbortError: the consumer's choice, not an I/O failure.
  const onError = (error: unknown) =>
    finish(isAbort(error) ? undefined : (error ?? new Error('stream error')), false);
  const onClose = () => finish(undefined, false);
  s.once(completion, onComplete);
  s.on(errorMonitor, onError);
  s.once('close', onClose);
  return stream;
}

function isAbort(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ABORT_ERR';
}

/**
 * A reader of the stream's byte count: its own counter when it has one (fs streams), else a
 * count of the chunks passed to `methods`, which are wrapped on the instance.
 */
function byteSource(
  stream: StreamLike,
  counter: 'bytesRead' | 'bytesWritten',
  methods: string[],
): () => number {
  if (typeof stream[counter] === 'number') {
    const initial = stream[counter];
    return () => (stream[counter] ?? initial) - initial;
  }
  let total = 0;
  const target = stream as unknown as Record<string, unknown>;
  for (const name of methods) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = function (this: unknown, ...args: unknown[]) {
      const [chunk, encoding] = args;
      if (chunk !== null && chunk !== undefined) {
        total +=
          byteLengthOf(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') ?? 0;
      }
      return Reflect.apply(original, this, args);
    };
  }
  return () => total;
}
