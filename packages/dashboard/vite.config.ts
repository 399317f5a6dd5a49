import { defineConfig } from 'vite';

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
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
