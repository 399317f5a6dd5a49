/**
 * Errors the scrape manager throws, each with a stable code. Only configuration is thrown
 * (applyConfig, relabel, addInternalTarget); a failing scrape never throws but shows as `up 0`
 * and the target's `lastError`. Codes are only ever added to.
 */
export type ScrapeErrorCode =
  /** A scrape config or relabel rule is invalid: the message names the job and the rule. */
  | 'TM_SCRAPE_INVALID_CONFIG'
  /** addInternalTarget() with a job/instance pair that is already registered. */
  | 'TM_SCRAPE_DUPLICATE_TARGET'
  /** The manager was used after stop(). */
  | 'TM_SCRAPE_STOPPED';

export class ScrapeError extends Error {
  readonly code: ScrapeErrorCode;
  constructor(code: ScrapeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScrapeError';
    this.code = code;
  }
}
