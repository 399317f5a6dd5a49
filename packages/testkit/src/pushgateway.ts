import { binaryPath } from './binaries.js';
import { startHttpPeer } from './http-peer.js';

export interface PushgatewayOptions {
  extraFlags?: readonly string[];
}

export interface RunningPushgateway {
  readonly url: string;
  readonly pid: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts Debian's Pushgateway 1.5 on 127.0.0.1 with persistence off and the admin API on
 * (`PUT /api/v1/admin/wipe` clears every group between tests). Ready in about 0.1 s.
 *
 * Debian moves the `--persistence.file` default to /var/lib/prometheus/pushgateway.data, so it is
 * set to empty here; otherwise a test would read (and overwrite) the system's pushed metrics.
 */
export async function startPushgateway(options: PushgatewayOptions = {}): Promise<RunningPushgateway> {
  const peer = await startHttpPeer({
    name: 'Pushgateway',
    binary: binaryPath('prometheus-pushgateway', 'prometheus-pushgateway'),
    tempPrefix: 'telemeter-pushgateway-',
    readyPath: '/-/ready',
    flags: (_dir, port) => [
      `--web.listen-address=127.0.0.1:${port}`,
      '--persistence.file=',
      '--web.enable-admin-api',
      '--log.level=warn',
      ...(options.extraFlags ?? []),
    ],
  });
  return { url: peer.url, pid: peer.pid, output: peer.output, stop: peer.stop };
}
