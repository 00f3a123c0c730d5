// The front end: React + antd, built into web/dist and served by `jixiao serve`.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    // Version-stamped file names; the server caches /assets/* for a year.
    assetsDir: 'assets',
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
