import { byteLengthOf, countingData, encodingOf } from './byte-length.js';
import type { FsRecorder } from './metrics.js';
import { timedCall } from './timed-call.js';

/** How file-handle streams get instrumented (injected to keep this file free of stream code). */
export type StreamInstrumenter = <S>(stream: S, direction: 'read' | 'write', recorder: FsRecorder) => S;

// FileHandle methods that are timed; byte-counting ones are handled in `instrumentMethod`.
const TIMED = new Set([
  'appendFile',
  'chmod',
  'chown',
  'close',
  'datasync',
  'read',
  'readFile',
  'readv',
  'stat',
  'sync',
  'truncate',
  'utimes',
  'write',
  'writeFile',
  'writev',
]);

// biome-ignore lint/suspicious/noExplicitAny: wraps methods of any signature
type Fn = (...args: any[]) => any;

/**
 * A Proxy of `handle` whose I/O methods are measured. Everything else is read from the real
 * handle, so the proxy still passes `instanceof FileHandle` and can be given to Node APIs that
 * take a FileHandle. A handle counts as one file read (written) on its first successful read
 * (write) of any kind.
 */
export function instrumentFileHandle<H>(handle: H, recorder: FsRecorder, streams: StreamInstrumenter): H {
  if (handle === null || typeof handle !== 'object') return handle;
  let readCounted = false;
  let writeCounted = false;
  const firstRead = (): boolean => !readCounted && (readCounted = true);
  const firstWrite = (): boolean => !writeCounted && (writeCounted = true);
  const cache = new Map<PropertyKey, { original: unknown; wrapped: Fn }>();

  const instrumentMethod = (name: string, method: Fn): Fn => {
    if (name === 'createReadStream' || name === 'createWriteStream') {
      const direction = name === 'createReadStream' ? 'read' : 'write';
      return (...args) => streams(Reflect.apply(method, handle, args), direction, recorder);
    }
    const series = recorder.op(name);
    switch (name) {
      case 'read':
      case 'readv':
        return (...args) =>
          timedCall(recorder, series, method, handle, args, (result: { bytesRead?: number }) =>
            recorder.read(result?.bytesRead ?? 0, firstRead()),
          );
      case 'write':
      case 'writev':
        return (...args) =>
          timedCall(recorder, series, method, handle, args, (result: { bytesWritten?: number }) =>
            recorder.written(result?.bytesWritten ?? 0, firstWrite()),
          );
      case 'readFile':
        return (...args) =>
          timedCall(recorder, series, method, handle, args, (data) =>
            recorder.read(byteLengthOf(data, encodingOf(args[0])) ?? 0, firstRead()),
          );
      case 'writeFile':
      case 'appendFile':
        return (...args) => {
          const encoding = encodingOf(args[1]);
          let bytes = byteLengthOf(args[0], encoding);
          const counter = { bytes: 0 };
          if (bytes === undefined) args[0] = countingData(args[0], encoding, counter);
          return timedCall(recorder, series, method, handle, args, () => {
            bytes ??= counter.bytes;
            recorder.written(bytes, firstWrite());
          });
        };
      default:
        return (...args) => timedCall(recorder, series, method, handle, args);
    }
  };

  const proxy = new Proxy(handle as H & object, {
    get(target, property) {
      // Read with the real handle as receiver: Node's FileHandle getters (fd) expect it.
      const value = Reflect.get(target, property, target);
      if (
        typeof value !== 'function' ||
        typeof property !== 'string' ||
        !(TIMED.has(property) || property === 'createReadStream' || property === 'createWriteStream')
      ) {
        return value;
      }
      const cached = cache.get(property);
      if (cached !== undefined && cached.original === value) return cached.wrapped;
      const wrapped = instrumentMethod(property, value as Fn);
      cache.set(property, { original: value, wrapped });
      return wrapped;
    },
  });
  return proxy;
}
