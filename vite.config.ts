import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));

// The web app lives in src/web and builds into dist/web, which the server serves (SPA fallback).
export default defineConfig({
  root: `${here}src/web`,
  base: '/',
  plugins: [react()],
  build: {
    outDir: `${here}dist/web`,
    emptyOutDir: true,
    sourcemap: false,
    // The manifest lets e2e/bundle-size.e2e.ts measure what each route loads.
    manifest: true,
    // ECharts lives in its own lazily loaded chunk; it is large by itself.
    chunkSizeWarningLimit: 1200,
    // Two pages: the staff workspace (index.html) and the public portal (portal.html, /portal/…),
    // which shares no screen code with the workspace and loads only its own small bundle.
    rollupOptions: { input: { main: `${here}src/web/index.html`, portal: `${here}src/web/portal.html` } },
  },
  server: {
    // `npx vite` against a running `npm start` on :3000.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
