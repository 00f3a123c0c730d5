/**
 * The dataset schema's structure as plain data (shape.ts). The web build replaces this module with
 * the same value computed at build time (web/vite.config.ts), so the browser loads no zod.
 */
import { datasetSchema } from './schema.ts';
import { shapeOf } from './shape.ts';

export const datasetShape = shapeOf(datasetSchema);
