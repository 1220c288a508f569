import { fileURLToPath } from 'node:url';
import UnoCSS from 'unocss/vite';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

// Run from the repo root (`vite build --config client/vite.config.ts`), so every path is
// resolved against this file, never against the working directory.
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The API server the dev server forwards to; the built bundle is served by that server itself. */
const apiTarget = 'http://localhost:3000';

export default defineConfig({
  root: here('.'),
  plugins: [UnoCSS({ configFile: here('./uno.config.ts') }), solid()],
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    // The server's CSP is `default-src 'self'`: fonts must be files, never data: URLs.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/health': apiTarget,
    },
  },
});
