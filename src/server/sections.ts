/** The form sections moved to the core (src/core/dataset/sections.ts), shared with the workbook adapter. */
export * from '../core/dataset/sections.ts';
