// The front end: React + antd, built into web/dist and served by `jixiao serve`.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { datasetSchema } from '../src/core/dataset/schema.ts';
import { shapeOf } from '../src/core/dataset/shape.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const DATASET_SHAPE = fileURLToPath(new URL('../src/core/dataset/dataset-shape.ts', import.meta.url));

/**
 * The dataset schema's structure, which the field catalogue and the path labels read, computed here
 * from the schema and put into the bundle as data: the browser then needs neither zod nor the
 * schema's validators (decimal.js), which only the server runs.
 */
function datasetShapeAsData(): Plugin {
  return {
    name: 'jixiao-dataset-shape',
    enforce: 'pre',
    load(id) {
      if (id !== DATASET_SHAPE) return null;
      return `export const datasetShape = ${JSON.stringify(shapeOf(datasetSchema))};\n`;
    },
  };
}

export default defineConfig({
  root,
  plugins: [datasetShapeAsData(), react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    // Version-stamped file names; the server caches /assets/* for a year.
    assetsDir: 'assets',
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
