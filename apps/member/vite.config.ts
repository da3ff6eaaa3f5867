import { createHash } from 'node:crypto';
import { access, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Fills the build id and the list of hashed assets into dist/sw.js (public/sw.js is copied as-is),
 * so the service worker precaches the exact app shell of this build and drops older caches.
 */
function serviceWorkerManifest(): Plugin {
  let outDir = '';
  let assets: string[] = [];
  return {
    name: 'gonghui-sw-manifest',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    generateBundle(_options, bundle) {
      assets = Object.keys(bundle)
        .filter((file) => file.startsWith('assets/') && !file.endsWith('.map'))
        .sort();
    },
    async closeBundle() {
      const swPath = path.join(outDir, 'sw.js');
      try {
        await access(swPath);
      } catch {
        return;
      }
      const buildId = createHash('sha256').update(assets.join('\n')).digest('hex').slice(0, 12);
      const source = await readFile(swPath, 'utf8');
      const buildMarker = "const BUILD_ID = 'dev';";
      const assetsMarker = 'const PRECACHE_ASSETS = [];';
      if (!source.includes(buildMarker) || !source.includes(assetsMarker)) {
        throw new Error('public/sw.js lost its BUILD_ID / PRECACHE_ASSETS markers');
      }
      const filled = source
        .replace(buildMarker, `const BUILD_ID = ${JSON.stringify(buildId)};`)
        .replace(assetsMarker, `const PRECACHE_ASSETS = ${JSON.stringify(assets.map((file) => `/${file}`))};`);
      await writeFile(swPath, filled);
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [react(), serviceWorkerManifest()],
  resolve: {
    // react/react-dom are installed in this workspace; make every dependency (antd-mobile,
    // react-router) use this single copy.
    dedupe: ['react', 'react-dom', 'react-router', 'react-router-dom'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // Long-lived vendor chunks, so a new app build only changes the small app chunk.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|cookie)[\\/]/, priority: 30 },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/, priority: 20 },
            { name: 'ui', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.GONGHUI_API ?? 'http://localhost:3000', changeOrigin: false } },
  },
  preview: {
    port: 4173,
    proxy: { '/api': { target: process.env.GONGHUI_API ?? 'http://localhost:3000', changeOrigin: false } },
  },
});
