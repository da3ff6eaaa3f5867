import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The admin console is served by the API server under /admin (same origin as /api).
 * `npm run dev -w apps/admin` proxies /api to a locally running server.
 */
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  resolve: {
    // antd and react-router are hoisted to the workspace root next to another React copy;
    // always bundle the single React that this app declares.
    dedupe: ['react', 'react-dom'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1600,
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
