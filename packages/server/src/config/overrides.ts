// Command-line flags of `telemeter serve` that win over the config file.
import { parseListenAddress } from './addresses.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import type { ConfigOverrides, ListenAddress, TelemeterServerConfig } from './types.js';
import { parseDurationText } from './units.js';

/**
 * A copy of `config` with `--listen`, `--data` and `--retention` applied. Invalid flag values
 * throw one ConfigError naming each flag (path `--listen` etc.), checked as the file's keys are.
 */
export function applyOverrides(
  config: TelemeterServerConfig,
  overrides: ConfigOverrides,
): TelemeterServerConfig {
  const issues: ConfigIssue[] = [];
  let listen: ListenAddress = config.listen;
  let storage = config.storage;
  if (overrides.listen !== undefined) {
    const address = parseListenAddress(overrides.listen);
    if (typeof address === 'string') issues.push({ path: '--listen', message: address });
    else listen = address;
  }
  if (overrides.data !== undefined) {
    if (overrides.data.trim() === '') issues.push({ path: '--data', message: 'must not be empty' });
    else storage = { ...storage, path: overrides.data };
  }
  if (overrides.retention !== undefined) {
    const ms = parseDurationText(overrides.retention);
    if (typeof ms === 'string') issues.push({ path: '--retention', message: ms });
    else storage = { ...storage, retentionMs: ms };
  }
  if (issues.length > 0) throw new ConfigError('command line', issues);
  return { ...config, listen, storage };
}
