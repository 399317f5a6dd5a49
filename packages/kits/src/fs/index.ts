/**
 * File I/O kit: a measured `fs/promises` (operations, durations, errors by code, bytes and files
 * read and written, FileHandles included) and helpers for file streams. See docs/kits/fs.md.
 */

export type { KitOptions } from '../shared/kit-options.js';
export { instrumentFs } from './instrument-fs.js';
export type { FsKitOptions } from './metrics.js';
export { DEFAULT_FS_DURATION_BUCKETS, unregisterFsMetrics } from './metrics.js';
export { instrumentReadStream, instrumentWriteStream } from './streams.js';
