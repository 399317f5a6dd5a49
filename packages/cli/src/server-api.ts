/**
 * What `serve` and `config check` use of @telemeter/server (docs/design/server-api.md). The
 * package is loaded only by the commands that need it, so `telemeter --help`, `show` or `query`
 * never pay for opening the store and the query engine's modules.
 */
import type * as ServerPackage from '@telemeter/server';
import { ServerUnavailableError } from './errors.js';

export type {
  ConfigError,
  ConfigIssue,
  ConfigOverrides,
  ReloadResult,
  RunningServer,
  ServerLogger,
  StartServerOptions,
  TelemeterServerConfig,
} from '@telemeter/server';

export type ServerApi = Pick<
  typeof ServerPackage,
  'startServer' | 'loadConfig' | 'parseConfig' | 'applyOverrides' | 'defaultConfig'
>;

/** Loads @telemeter/server and checks that this build of it has `needed`. */
export async function loadServerApi(needed: readonly (keyof ServerApi)[]): Promise<ServerApi> {
  const server: Partial<ServerApi> = await import('@telemeter/server');
  for (const name of needed) {
    if (typeof server[name] !== 'function') throw new ServerUnavailableError(name);
  }
  return server as ServerApi;
}

/** Whether `error` is the server's ConfigError (by code, so it holds across package copies). */
export function isConfigError(error: unknown): error is ServerPackage.ConfigError {
  return (
    error instanceof Error &&
    (error as { code?: unknown }).code === 'TM_CONFIG_INVALID' &&
    Array.isArray((error as { issues?: unknown }).issues)
  );
}
