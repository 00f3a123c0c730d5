/**
 * The project framework a year-end report scores its projects' tables with: loaded (once) only when a
 * project of the dataset has targets. For callers without a command line (the web server, batch).
 */
import { loadFramework } from '../adapters/files.ts';
import type { Dataset } from '../core/dataset/schema.ts';
import type { Framework } from '../core/framework/schema.ts';
import { DEFAULT_PROJECT_FRAMEWORK } from '../core/projects/project.ts';

export { DEFAULT_PROJECT_FRAMEWORK };
const loaded = new Map<string, Framework>();

export function projectFrameworkFor(dataset: Dataset, id = DEFAULT_PROJECT_FRAMEWORK): Framework | undefined {
  if (!(dataset.projects.items ?? []).some((p) => p.targets?.length)) return undefined;
  if (!loaded.has(id)) {
    const r = loadFramework(id);
    if (!r.ok) throw new Error(`项目框架 ${id} 无法加载：${r.errors.map((e) => e.message).join('；')}`);
    loaded.set(id, r.value);
  }
  return loaded.get(id);
}
