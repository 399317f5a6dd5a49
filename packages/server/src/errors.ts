export type ServerErrorCode = 'TM_SERVER_UNSAFE_LISTEN' | 'TM_SERVER_LISTEN_FAILED';

/** A server that cannot start as configured; `message` says what to change. */
export class ServerError extends Error {
  constructor(
    readonly code: ServerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}
