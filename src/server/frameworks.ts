/**
 * The frameworks a dataset can be scored against: the built-in ones (frameworks/*.yaml) and those an
 * administrator uploaded (stored in the database). Parsed once and cached.
 */
import { listFrameworks, loadFramework, parseDataText } from '../adapters/files.ts';
import type { FieldError } from '../core/dataset/parse.ts';
import type { Framework } from '../core/framework/schema.ts';
import { parseFramework } from '../core/framework/validate.ts';
import { listStoredFrameworks, upsertFramework, type Executor } from '../storage/repo.ts';

export interface FrameworkSummary {
  id: string;
  name: string;
  source: 'builtin' | 'uploaded';
}

export class FrameworkRegistry {
  private cache = new Map<string, Framework>();
  private sources = new Map<string, FrameworkSummary['source']>();

  async load(db: Executor): Promise<void> {
    for (const info of listFrameworks()) {
      const r = loadFramework(info.file);
      if (r.ok) {
        this.cache.set(r.value.id, r.value);
        this.sources.set(r.value.id, 'builtin');
      }
    }
    for (const row of await listStoredFrameworks(db)) {
      const r = parseFramework(row.data);
      if (r.ok && !this.sources.has(r.value.id)) {
        this.cache.set(r.value.id, r.value);
        this.sources.set(r.value.id, 'uploaded');
      }
    }
  }

  /** The built-in framework flagged `default: true`: used when neither the request nor the data names one. */
  defaultId(): string {
    const flagged = [...this.cache.values()].filter((f) => f.default && this.sources.get(f.id) === 'builtin');
    if (flagged.length !== 1)
      throw new Error(`内置框架中应恰有一个写明 default: true，现有 ${flagged.length} 个`);
    return flagged[0]!.id;
  }

  get(id: string): Framework | undefined {
    return this.cache.get(id);
  }

  list(): FrameworkSummary[] {
    return [...this.cache.values()].map((f) => ({ id: f.id, name: f.name, source: this.sources.get(f.id)! }));
  }

  /** Parses an uploaded framework (YAML or JSON text) and stores it; built-in ids cannot be replaced. */
  async upload(
    db: Executor,
    text: string,
  ): Promise<{ ok: true; id: string } | { ok: false; errors: FieldError[] }> {
    const raw = parseDataText(text, '框架文件');
    if (!raw.ok) return raw;
    const r = parseFramework(raw.value);
    if (!r.ok) return r;
    if (this.sources.get(r.value.id) === 'builtin')
      return {
        ok: false,
        errors: [{ path: 'id', message: `“${r.value.id}”是内置框架，不能覆盖；请换一个 id` }],
      };
    await upsertFramework(db, r.value.id, r.value.name, raw.value);
    this.cache.set(r.value.id, r.value);
    this.sources.set(r.value.id, 'uploaded');
    return { ok: true, id: r.value.id };
  }
}
