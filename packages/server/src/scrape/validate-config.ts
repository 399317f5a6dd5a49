import { ScrapeError } from './errors.js';
import { validateRelabelConfigs } from './relabel.js';
import type { FileSdConfig, GlobalScrapeSettings, ScrapeConfig, StaticConfig } from './types.js';

function fail(where: string, message: string): never {
  throw new ScrapeError('TM_SCRAPE_INVALID_CONFIG', `${where}: ${message}`);
}

function positiveMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/**
 * Checks every scrape config and fills in the global interval and timeout where a config has 0.
 * All configs are checked before any is applied, so a bad reload changes nothing.
 * @throws ScrapeError (TM_SCRAPE_INVALID_CONFIG) naming the job and the field.
 */
export function resolveScrapeConfigs(
  configs: readonly ScrapeConfig[],
  global: GlobalScrapeSettings,
): ScrapeConfig[] {
  if (!Array.isArray(configs)) fail('scrape_configs', 'expected a list of scrape configs');
  const seen = new Set<string>();
  return configs.map((config, i) => {
    let where = `scrape_configs[${i}]`;
    if (config === null || typeof config !== 'object') fail(where, 'expected a scrape config object');
    if (typeof config.jobName !== 'string' || config.jobName === '')
      fail(where, 'job_name must be a non-empty string');
    where = `scrape config ${JSON.stringify(config.jobName)}`;
    if (seen.has(config.jobName))
      fail(where, 'job_name is used by an earlier scrape config; job names must be unique');
    seen.add(config.jobName);
    const intervalMs = config.scrapeIntervalMs || global.scrapeIntervalMs;
    const timeoutMs = config.scrapeTimeoutMs || Math.min(global.scrapeTimeoutMs, intervalMs);
    if (!positiveMs(intervalMs))
      fail(where, `scrape_interval must be a positive duration, got ${String(intervalMs)} ms`);
    if (!positiveMs(timeoutMs))
      fail(where, `scrape_timeout must be a positive duration, got ${String(timeoutMs)} ms`);
    if (timeoutMs > intervalMs) {
      fail(
        where,
        `scrape_timeout (${timeoutMs} ms) is greater than scrape_interval (${intervalMs} ms); lower the timeout or raise the interval`,
      );
    }
    if (config.scheme !== 'http' && config.scheme !== 'https')
      fail(where, `scheme must be http or https, got ${JSON.stringify(config.scheme)}`);
    if (typeof config.metricsPath !== 'string' || !config.metricsPath.startsWith('/')) {
      fail(where, `metrics_path must start with "/", got ${JSON.stringify(config.metricsPath)}`);
    }
    if (!Number.isSafeInteger(config.sampleLimit) || config.sampleLimit < 0) {
      fail(
        where,
        `sample_limit must be a whole number >= 0 (0 = no limit), got ${String(config.sampleLimit)}`,
      );
    }
    config.staticConfigs.forEach((sc: StaticConfig, k: number) => {
      if (!Array.isArray(sc.targets) || sc.targets.some((t: unknown) => typeof t !== 'string')) {
        fail(where, `static_configs[${k}].targets must be a list of "host:port" strings`);
      }
    });
    config.fileSdConfigs.forEach((sd: FileSdConfig, k: number) => {
      if (
        !Array.isArray(sd.files) ||
        sd.files.length === 0 ||
        sd.files.some((f: unknown) => typeof f !== 'string' || f === '')
      ) {
        fail(where, `file_sd_configs[${k}].files must be a non-empty list of file paths`);
      }
      if (!(typeof sd.refreshIntervalMs === 'number' && sd.refreshIntervalMs >= 0)) {
        fail(where, `file_sd_configs[${k}].refresh_interval must be a duration >= 0`);
      }
    });
    validateRelabelConfigs(config.relabelConfigs, `${where}: relabel_configs`);
    validateRelabelConfigs(config.metricRelabelConfigs, `${where}: metric_relabel_configs`);
    return { ...config, scrapeIntervalMs: intervalMs, scrapeTimeoutMs: timeoutMs };
  });
}
