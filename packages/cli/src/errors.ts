/**
 * Every error the CLI reports on purpose, with a stable `code` and the exit code it ends with.
 * Anything else that escapes a command is a bug and exits 1 with its message.
 * Codes are never reused or renamed; new ones are only added.
 */
import { EXIT_FAILURE, EXIT_USAGE } from './exit-codes.js';

export class CliError extends Error {
  readonly code: string;
  readonly exitCode: number;
  constructor(code: string, message: string, exitCode = EXIT_FAILURE, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** The command line itself is wrong: unknown command or flag, missing or bad argument. Exit 2. */
export class UsageError extends CliError {
  /** The command whose usage is printed after the message ('' for the top level). */
  readonly command: string;
  constructor(message: string, command = '') {
    super('TM_CLI_USAGE', message, EXIT_USAGE);
    this.command = command;
  }
}

/** A URL could not be fetched (refused, timed out, DNS) or answered with an unexpected status. */
export class FetchError extends CliError {
  readonly url: string;
  readonly status: number | undefined;
  constructor(url: string, message: string, status?: number, options?: { cause?: unknown }) {
    super('TM_CLI_FETCH', message, EXIT_FAILURE, options);
    this.url = url;
    this.status = status;
  }
}

/** A Prometheus-compatible API answered `{status: "error"}`. */
export class ApiError extends CliError {
  readonly errorType: string;
  readonly status: number;
  constructor(errorType: string, message: string, status: number) {
    super('TM_CLI_API', `${errorType}: ${message}`, EXIT_FAILURE);
    this.errorType = errorType;
    this.status = status;
  }
}

/** @telemeter/server does not (yet) provide what `serve` / `config check` need. */
export class ServerUnavailableError extends CliError {
  constructor(what: string) {
    super(
      'TM_CLI_SERVER_UNAVAILABLE',
      `@telemeter/server does not export ${what} in this build, so this command cannot run`,
      EXIT_FAILURE,
    );
  }
}

/** A server the CLI starts itself (the demo workload) could not listen. */
export class ListenError extends CliError {
  readonly host: string;
  readonly port: number;
  constructor(host: string, port: number, reason: string, options?: { cause?: unknown }) {
    super('TM_CLI_LISTEN', `cannot listen on ${host}:${port}: ${reason}`, EXIT_FAILURE, options);
    this.host = host;
    this.port = port;
  }
}
