// Temp folders of real dashboard files for the tests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempFolder {
  readonly dir: string;
  /** Writes `text` at `name` (folders created), returning the absolute path. */
  write(name: string, text: string): string;
  remove(): void;
}

export function tempFolder(): TempFolder {
  const dir = mkdtempSync(join(tmpdir(), 'telemeter-dashboards-'));
  return {
    dir,
    write(name, text) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A small valid dashboard in YAML. */
export function dashboardYaml(id: string, title = `Dashboard ${id}`): string {
  return [
    `id: ${id}`,
    `title: ${title}`,
    'rows:',
    '  - title: Traffic',
    '    panels:',
    '      - title: Requests per second',
    '        unit: per_second',
    '        queries:',
    '          - expr: sum by (http_route) (rate(http_server_requests_total[5m]))',
    "            legend: '{{http_route}}'",
    '',
  ].join('\n');
}
