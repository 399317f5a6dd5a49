/**
 * Storage errors carry a stable code callers can branch on (listed in docs/storage.md, "Errors").
 * Codes are only ever added to, never reused.
 */
export type StorageErrorCode =
  | 'TM_STORAGE_INVALID_LABELS'
  | 'TM_STORAGE_INVALID_MATCHER'
  | 'TM_STORAGE_INVALID_SAMPLE'
  | 'TM_STORAGE_CORRUPTION'
  | 'TM_STORAGE_UNSUPPORTED_VERSION'
  | 'TM_STORAGE_CLOSED'
  | 'TM_STORAGE_LOCKED'
  | 'TM_STORAGE_APPENDER_DONE'
  | 'TM_STORAGE_INVALID_OPTION';

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
  }
}

/** Damaged bytes on disk: which file, at which byte offset, and what was wrong. */
export class CorruptionError extends StorageError {
  readonly file: string;
  readonly offset: number;
  constructor(file: string, offset: number, message: string, options?: { cause?: unknown }) {
    super('TM_STORAGE_CORRUPTION', `${file} at byte ${offset}: ${message}`, options);
    this.name = 'CorruptionError';
    this.file = file;
    this.offset = offset;
  }
}
