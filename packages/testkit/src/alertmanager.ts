import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { binaryPath } from './binaries.js';
import { startHttpPeer } from './http-peer.js';

/**
 * Used when no config is given: one receiver with no integrations, so posted alerts are kept
 * (and listed by `GET /api/v2/alerts`) but sent nowhere. The 1 s group timings make a webhook
 * receiver swapped in through `config` fire about a second after a POST.
 */
export const DEFAULT_ALERTMANAGER_CONFIG = `route:
  receiver: blackhole
  group_by: ['alertname']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: blackhole
`;

export interface AlertmanagerOptions {
  /** alertmanager.yml contents; defaults to DEFAULT_ALERTMANAGER_CONFIG. */
  config?: string;
  extraFlags?: readonly string[];
}

export interface RunningAlertmanager {
  readonly url: string;
  /** Temp dir holding alertmanager.yml and the silence/notification-log data. */
  readonly dataDir: string;
  readonly pid: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts Debian's Alertmanager 0.25 (`prometheus-alertmanager`) on 127.0.0.1 with clustering off.
 * The default `--cluster.listen-address` is 0.0.0.0:9094 (TCP and UDP on every interface); empty
 * disables HA gossip so only the web port listens. An invalid config fails the start with
 * Alertmanager's own message (TM_TESTKIT_PEER_START_FAILED).
 */
export async function startAlertmanager(options: AlertmanagerOptions = {}): Promise<RunningAlertmanager> {
  const peer = await startHttpPeer({
    name: 'Alertmanager',
    binary: binaryPath('prometheus-alertmanager', 'prometheus-alertmanager'),
    tempPrefix: 'telemeter-alertmanager-',
    readyPath: '/-/ready',
    async flags(dir, port) {
      const configFile = join(dir, 'alertmanager.yml');
      await writeFile(configFile, options.config ?? DEFAULT_ALERTMANAGER_CONFIG);
      return [
        `--config.file=${configFile}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--web.external-url=http://127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=warn',
        ...(options.extraFlags ?? []),
      ];
    },
  });
  return { url: peer.url, dataDir: peer.dir, pid: peer.pid, output: peer.output, stop: peer.stop };
}
