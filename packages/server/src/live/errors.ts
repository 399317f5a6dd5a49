/**
 * Errors the live stream throws at its caller (never at WebSocket clients, which get `error`
 * messages). Codes are only ever added to, never reused.
 */
export type LiveStreamErrorCode =
  /** attachLiveStream() got an option it cannot run with. */
  | 'TM_LIVE_INVALID_OPTION'
  /** publish() got an event without a usable `type`, or one that cannot be written as JSON. */
  | 'TM_LIVE_INVALID_EVENT';

export class LiveStreamError extends Error {
  readonly code: LiveStreamErrorCode;
  constructor(code: LiveStreamErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LiveStreamError';
    this.code = code;
  }
}
