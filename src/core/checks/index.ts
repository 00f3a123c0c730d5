export * from './types.ts';
export * from './tolerance.ts';
export * from './dataset.ts';
