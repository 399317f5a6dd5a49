/** The package version; version.test.ts keeps it equal to package.json's. */
export const VERSION = '0.1.0';

/** What /api/v1/status/buildinfo reports, in Prometheus's field names (Grafana reads `version`). */
export const BUILD_INFO = {
  version: VERSION,
  revision: '',
  branch: '',
  buildUser: '',
  buildDate: '',
  goVersion: `node ${process.version}`,
};
