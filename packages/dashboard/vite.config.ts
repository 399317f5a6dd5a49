import { defineConfig, type Plugin } from 'vite';
import { BUILTIN_DASHBOARDS } from './src/dashboards/builtin/index.js';

/**
 * The built-in views' definitions as data beside the page, so the server can offer them for
 * export (GET /api/v1/dashboards/{id}/grafana) without a copy of its own.
 */
function builtinDashboardsFile(): Plugin {
  return {
    name: 'telemeter-builtin-dashboards',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'builtin-dashboards.json',
        source: `${JSON.stringify(BUILTIN_DASHBOARDS)}\n`,
      });
    },
  };
}

// Static files only: the server serves them, hashed assets with long-lived caching.
export default defineConfig({
  root: 'src',
  base: './',
  build: {
    outDir: '../static',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
  },
  plugins: [builtinDashboardsFile()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
