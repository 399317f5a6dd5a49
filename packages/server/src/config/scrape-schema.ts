// One entry of scrape_configs, spelled as in prometheus.yml so a job can be copied over.
import { checkTarget } from './addresses.js';
import { checkFileSdPath, checkLabelName, checkLabelValue, checkMetricsPath } from './checks.js';
import { relabelConfigSchema } from './relabel-schema.js';
import type { FinishContext, MapSchema, ObjectSchema } from './schema-types.js';

export const labelsSchema: MapSchema = {
  kind: 'map',
  keyCheck: checkLabelName,
  values: {
    kind: 'string',
    allowEmpty: true,
    check: checkLabelValue,
    examples: ['production', 'eu-west-1', ''],
  },
};

const staticConfigSchema: ObjectSchema = {
  kind: 'object',
  fields: {
    targets: {
      schema: {
        kind: 'list',
        // host:port is checked by the job, which knows whether relabeling rewrites __address__.
        items: {
          kind: 'string',
          title: 'host:port',
          examples: ['localhost:9100', '127.0.0.1:9090', '[::1]:8080', 'db.internal'],
        },
      },
      default: [],
      description: 'Addresses to scrape, as `host:port` (a bare host takes the default port of `scheme`).',
    },
    labels: {
      schema: labelsSchema,
      default: {},
      description: 'Labels added to every series scraped from these targets.',
    },
  },
};

const fileSdConfigSchema: ObjectSchema = {
  kind: 'object',
  fields: {
    files: {
      schema: {
        kind: 'list',
        items: {
          kind: 'string',
          title: 'path or glob',
          file: true,
          check: checkFileSdPath,
          examples: ['/etc/telemeter/targets/*.json', '/srv/targets.yml'],
        },
      },
      required: true,
      description:
        'Files in Prometheus file SD format (JSON or YAML lists of `{targets, labels}`); the last path element may be a glob. Relative paths are relative to the config file.',
    },
    refresh_interval: {
      schema: { kind: 'duration', minimumMs: 1 },
      default: '5m',
      description: 'How often the files are re-read, besides on change.',
    },
  },
};

const basicAuthSchema: ObjectSchema = {
  kind: 'object',
  fields: {
    username: {
      schema: { kind: 'string', allowEmpty: true, examples: ['prometheus'] },
      default: '',
      description: 'User name.',
    },
    password: { schema: { kind: 'string', secret: true, examples: ['hunter2'] }, description: 'Password.' },
    password_file: {
      schema: { kind: 'string', title: 'file path', file: true, examples: ['/etc/telemeter/password'] },
      description: 'File holding the password, read at each scrape.',
    },
  },
  finish(value, ctx) {
    if (value.password !== undefined && value.passwordFile !== undefined) {
      ctx.issue(['password_file'], 'set password or password_file, not both');
    }
  },
};

const HTTP_CLIENT_UNSUPPORTED = 'is a Prometheus setting telemeter does not support';
const SD_UNSUPPORTED = 'telemeter discovers targets only through static_configs and file_sd_configs';
const SD_MECHANISMS = [
  'azure',
  'consul',
  'digitalocean',
  'docker',
  'dockerswarm',
  'dns',
  'ec2',
  'eureka',
  'gce',
  'hetzner',
  'http',
  'ionos',
  'kubernetes',
  'kuma',
  'lightsail',
  'linode',
  'marathon',
  'nerve',
  'nomad',
  'openstack',
  'ovhcloud',
  'puppetdb',
  'scaleway',
  'serverset',
  'triton',
  'uyuni',
  'vultr',
];
const SCRAPE_UNSUPPORTED: Record<string, string> = {
  authorization: `${HTTP_CLIENT_UNSUPPORTED}; use bearer_token or bearer_token_file`,
  ...Object.fromEntries(
    [
      'oauth2',
      'tls_config',
      'proxy_url',
      'no_proxy',
      'proxy_from_environment',
      'proxy_connect_header',
      'follow_redirects',
      'enable_http2',
      'enable_compression',
      'http_headers',
      'scrape_protocols',
      'fallback_scrape_protocol',
      'scrape_classic_histograms',
      'always_scrape_classic_histograms',
      'scrape_native_histograms',
      'convert_classic_histograms_to_nhcb',
      'native_histogram_bucket_limit',
      'native_histogram_min_bucket_factor',
      'body_size_limit',
      'label_limit',
      'label_name_length_limit',
      'label_value_length_limit',
      'target_limit',
      'keep_dropped_targets',
      'track_timestamps_staleness',
      'metric_name_validation_scheme',
      'metric_name_escaping_scheme',
      'scrape_failure_log_file',
    ].map((key) => [key, HTTP_CLIENT_UNSUPPORTED]),
  ),
  ...Object.fromEntries(SD_MECHANISMS.map((name) => [`${name}_sd_configs`, SD_UNSUPPORTED])),
};

/** Job rules that span keys: one credential kind, and host:port targets unless relabeling sets __address__. */
function finishScrapeConfig(value: Record<string, unknown>, ctx: FinishContext): void {
  if (value.bearerToken !== undefined && value.bearerTokenFile !== undefined) {
    ctx.issue(['bearer_token_file'], 'set bearer_token or bearer_token_file, not both');
  }
  if (
    value.basicAuth !== undefined &&
    (value.bearerToken !== undefined || value.bearerTokenFile !== undefined)
  ) {
    ctx.issue(['basic_auth'], 'set basic_auth or a bearer token, not both');
  }
  const relabels = (value.relabelConfigs as ({ targetLabel?: string } | undefined)[] | undefined) ?? [];
  // The blackbox-exporter pattern lists URLs as targets and moves them into a parameter, setting
  // __address__ by relabeling; then targets are not addresses and are not checked as such.
  if (relabels.some((relabel) => relabel?.targetLabel === '__address__')) return;
  const statics = (value.staticConfigs as ({ targets?: unknown[] } | undefined)[] | undefined) ?? [];
  statics.forEach((group, groupIndex) => {
    group?.targets?.forEach((target, targetIndex) => {
      if (typeof target !== 'string') return;
      const problem = checkTarget(target);
      if (problem !== undefined) ctx.issue(['static_configs', groupIndex, 'targets', targetIndex], problem);
    });
  });
}

export const scrapeConfigSchema: ObjectSchema = {
  kind: 'object',
  fields: {
    job_name: {
      schema: { kind: 'string', examples: ['node', 'prometheus', 'api'] },
      required: true,
      description: 'Name of the job; the `job` label of its series. Unique across scrape_configs.',
    },
    scrape_interval: {
      schema: { kind: 'duration', minimumMs: 1 },
      defaultFrom: 'global.scrape_interval',
      description: 'How often the targets are scraped.',
    },
    scrape_timeout: {
      schema: { kind: 'duration', minimumMs: 1 },
      defaultFrom: "global.scrape_timeout, capped at this job's scrape_interval",
      description: 'How long a scrape may take; at most `scrape_interval`.',
    },
    metrics_path: {
      schema: {
        kind: 'string',
        title: 'URL path',
        check: checkMetricsPath,
        examples: ['/metrics', '/probe'],
      },
      default: '/metrics',
      description: 'HTTP path scraped on each target.',
    },
    scheme: {
      schema: { kind: 'enum', values: ['http', 'https'] },
      default: 'http',
      description: 'Protocol used to scrape.',
    },
    params: {
      schema: {
        kind: 'map',
        values: { kind: 'list', items: { kind: 'string', allowEmpty: true, examples: ['http_2xx', 'node'] } },
      },
      default: {},
      description: 'URL query parameters sent with each scrape, each a list of values.',
    },
    honor_labels: {
      schema: { kind: 'boolean' },
      default: false,
      description:
        'On a clash with a target label, keep the scraped label (true) or rename it to `exported_<name>` (false).',
    },
    honor_timestamps: {
      schema: { kind: 'boolean' },
      default: true,
      description: 'Keep timestamps present in the scraped data (true) or use the scrape time (false).',
    },
    sample_limit: {
      schema: { kind: 'integer', minimum: 0 },
      default: 0,
      description:
        'A scrape with more samples than this (after metric relabeling) fails as a whole; 0 means no limit.',
    },
    bearer_token: {
      schema: { kind: 'string', secret: true, examples: ['s3cr3t-token'] },
      description: 'Sent as `Authorization: Bearer <token>`.',
    },
    bearer_token_file: {
      schema: { kind: 'string', title: 'file path', file: true, examples: ['/etc/telemeter/scrape-token'] },
      description: 'File holding the bearer token, read at each scrape.',
    },
    basic_auth: { schema: basicAuthSchema, description: 'HTTP basic authentication.' },
    static_configs: {
      schema: { kind: 'list', items: staticConfigSchema },
      default: [],
      description: 'Fixed lists of targets with labels.',
    },
    file_sd_configs: {
      schema: { kind: 'list', items: fileSdConfigSchema },
      default: [],
      description: 'Targets read from files, re-read when they change.',
    },
    relabel_configs: {
      schema: { kind: 'list', items: relabelConfigSchema },
      default: [],
      description: 'Rewrite or filter targets and their labels before scraping.',
    },
    metric_relabel_configs: {
      schema: { kind: 'list', items: relabelConfigSchema },
      default: [],
      description: 'Rewrite or filter scraped series before they are stored.',
    },
  },
  unsupported: SCRAPE_UNSUPPORTED,
  finish: finishScrapeConfig,
};
