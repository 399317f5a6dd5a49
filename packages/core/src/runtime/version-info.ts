import { Gauge } from '../gauge.js';
import type { RuntimeContext, RuntimeGroup } from './runtime-context.js';

export interface NodeVersionInfo {
  /** As `process.version`, e.g. `v20.11.1`. */
  readonly version: string;
  readonly major: string;
  readonly minor: string;
  readonly patch: string;
}

/** Splits `vMAJOR.MINOR.PATCH[-pre]`; parts that are missing come back as `''`. */
export function parseNodeVersion(version: string): NodeVersionInfo {
  const [major = '', minor = '', patch = ''] = version.replace(/^v/, '').split(/[.-]/);
  return { version, major, minor, patch };
}

export function versionInfoMetrics(ctx: RuntimeContext): RuntimeGroup {
  const info = parseNodeVersion(process.version);
  const labels = { ...info, ...ctx.labels };
  const gauge = new Gauge({
    name: `${ctx.prefix}nodejs_version_info`,
    help: 'Node.js version info.',
    labelNames: ['version', 'major', 'minor', 'patch', ...ctx.labelNames],
    registry: null,
    // Set at scrape time so the series comes back after a registry reset or clear.
    collect(g) {
      g.labels(labels).set(1);
    },
  });
  return { metrics: [gauge] };
}
