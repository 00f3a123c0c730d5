import type { ParseResult } from '../../core/dataset/parse.ts';
import type { Dataset } from '../../core/dataset/schema.ts';
import type { Framework } from '../../core/framework/schema.ts';
import { datasetFrameworkRef, defaultFrameworkId, loadDataset, loadFramework } from '../../adapters/files.ts';
import { reportErrors, type Io } from '../io.ts';

/** The built-in framework flagged `default: true` (frameworks/), for commands and their help text. */
export const defaultFramework = defaultFrameworkId;

/**
 * Loads the dataset and the framework it is scored against: the flag (as typed, from the current
 * folder), then the dataset's own `framework:` (a path in it is read from the dataset's folder), then
 * the default.
 */
export function loadInputs(
  io: Io,
  datasetPath: string,
  frameworkFlag: string | undefined,
): { dataset: Dataset; framework: Framework } | number {
  const ds = loadDataset(datasetPath);
  if (!ds.ok) return reportErrors(io, `数据文件 ${datasetPath} 有误`, ds.errors);
  const own = ds.value.framework;
  const fw = loadFrameworkOrReport(
    io,
    frameworkFlag ?? (own !== undefined ? datasetFrameworkRef(datasetPath, own) : defaultFramework()),
  );
  if (typeof fw === 'number') return fw;
  return { dataset: ds.value, framework: fw };
}

export function loadFrameworkOrReport(io: Io, idOrPath: string): Framework | number {
  const fw: ParseResult<Framework> = loadFramework(idOrPath);
  if (!fw.ok) return reportErrors(io, `指标体系框架 ${idOrPath} 有误`, fw.errors, 'framework');
  return fw.value;
}
