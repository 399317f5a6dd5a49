// scrape/ — the scrape manager: pools, targets, file SD, relabeling, staleness, internal targets.
export { formatDuration, parseDuration } from './duration.js';
export { ScrapeError, type ScrapeErrorCode } from './errors.js';
export { parseTargetGroupsFile } from './file-sd.js';
export { SCRAPE_ACCEPT } from './http-scrape.js';
export { ScrapeManager } from './manager.js';
export { relabel, validateRelabelConfigs } from './relabel.js';
export type { TargetGroup } from './target-labels.js';
export type {
  ActiveTarget,
  BasicAuth,
  DroppedTarget,
  FileSdConfig,
  GlobalScrapeSettings,
  InternalScrapeBody,
  InternalTargetOptions,
  RelabelAction,
  RelabelConfig,
  ScrapeConfig,
  ScrapeManagerOptions,
  StaticConfig,
  TargetHealth,
  TargetMetadata,
  TargetState,
  TargetsData,
} from './types.js';
