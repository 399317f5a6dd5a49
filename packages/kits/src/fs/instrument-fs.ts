import { InvalidConfigError } from '@telemeter/core';
import { byteLengthOf, countingData, encodingOf } from './byte-length.js';
import { instrumentFileHandle } from './file-handle.js';
import { type FsKitOptions, FsRecorder } from './metrics.js';
import { instrumentStreamWith } from './streams.js';
import { timedCall } from './timed-call.js';

/**
 * The promise-returning functions that are timed and counted as operations. Others (`watch`,
 * `glob`: async iterators, `constants`) are passed through untouched; new Node functions are
 * passed through until added here, which also keeps the `operation` label a fixed set.
 */
const OPERATIONS = new Set([
  'access',
  'appendFile',
  'chmod',
  'chown',
  'copyFile',
  'cp',
  'lchmod',
  'lchown',
  'link',
  'lstat',
  'lutimes',
  'mkdir',
  'mkdtemp',
  'open',
  'opendir',
  'readFile',
  'readdir',
  'readlink',
  'realpath',
  'rename',
  'rm',
  'rmdir',
  'stat',
  'statfs',
  'symlink',
  'truncate',
  'unlink',
  'utimes',
  'writeFile',
]);

/**
 * Returns an object with the same API as `fsPromises` (`node:fs/promises`, or a compatible
 * implementation) that measures every operation: count by result, duration, errors by code,
 * bytes and files read and written. FileHandles from `open()` are measured too (read, write,
 * readv, writev, readFile, writeFile, appendFile, close, stat, ..., and their streams).
 * Results, errors (the same objects) and `this` (the original module) are unchanged.
 *
 * ```ts
 * import fsp from 'node:fs/promises';
 * const fs = instrumentFs(fsp, { registry });
 * await fs.readFile('config.json', 'utf8');
 * ```
 */
export function instrumentFs<T extends object>(fsPromises: T, options: FsKitOptions = {}): T {
  if (fsPromises === null || typeof fsPromises !== 'object') {
    throw new InvalidConfigError('fsPromises', 'instrumentFs: expected the fs/promises module');
  }
  if (typeof (fsPromises as { promises?: unknown }).promises === 'object') {
    throw new InvalidConfigError(
      'fsPromises',
      'instrumentFs: this looks like the callback-style node:fs module; pass fs.promises (or node:fs/promises), and wrap streams with instrumentReadStream/instrumentWriteStream',
    );
  }
  const recorder = new FsRecorder(options);
  const source = fsPromises as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const value = source[key];
    out[key] =
      typeof value === 'function' && OPERATIONS.has(key) ? named(wrap(key, value as Fn), key) : value;
  }
  // The namespace object of `import * as fsp` carries the module again as `default`.
  if (source.default === fsPromises || isSameModule(source.default, source)) out.default = out;
  return out as T;

  // Series are looked up per call (a Map hit), so only operations actually used get exported.
  function wrap(name: string, fn: Fn): Fn {
    switch (name) {
      case 'readFile':
        return (...args) =>
          timedCall(recorder, recorder.op(name), fn, fsPromises, args, (data) =>
            recorder.read(byteLengthOf(data, encodingOf(args[1])) ?? 0, true),
          );
      case 'writeFile':
      case 'appendFile':
        return (...args) => {
          const encoding = encodingOf(args[2]);
          let bytes = byteLengthOf(args[1], encoding);
          const counter = { bytes: 0 };
          if (bytes === undefined) args[1] = countingData(args[1], encoding, counter);
          return timedCall(recorder, recorder.op(name), fn, fsPromises, args, () => {
            bytes ??= counter.bytes;
            recorder.written(bytes, true);
          });
        };
      case 'open':
        return (...args) =>
          Promise.resolve(timedCall(recorder, recorder.op(name), fn, fsPromises, args)).then(
            (handle: unknown) => instrumentFileHandle(handle, recorder, instrumentStreamWith),
          );
      default:
        return (...args) => timedCall(recorder, recorder.op(name), fn, fsPromises, args);
    }
  }
}

// biome-ignore lint/suspicious/noExplicitAny: wraps functions of any signature
type Fn = (...args: any[]) => any;

function named(fn: Fn, name: string): Fn {
  Object.defineProperty(fn, 'name', { value: name, configurable: true });
  return fn;
}

function isSameModule(candidate: unknown, source: Record<string, unknown>): boolean {
  return (
    candidate !== null &&
    typeof candidate === 'object' &&
    (candidate as Record<string, unknown>).readFile === source.readFile &&
    (candidate as Record<string, unknown>).open === source.open
  );
}
