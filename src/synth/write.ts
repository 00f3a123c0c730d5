/**
 * Writes a synthetic jurisdiction to a folder: one YAML dataset per department and manifest.json, which
 * records the seed, the generator version and every deliberate inconsistency by file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { synthDepartment, type Inconsistency, type SynthOptions } from './generate.ts';

export const SYNTH_VERSION = 1;

export interface SynthManifest {
  generator: 'jixiao synth';
  version: number;
  seed: number;
  year: number;
  departments: number;
  /** Only the departments made inconsistent, by file name. */
  inconsistent: { file: string; department: string; inconsistencies: Inconsistency[] }[];
}

/** The YAML text of one dataset, with a header saying it is synthetic. */
export function datasetYaml(dataset: unknown, header: string): string {
  return `# ${header}\n` + stringify(dataset, { lineWidth: 0 });
}

export function writeJurisdiction(
  folder: string,
  departments: number,
  opts: SynthOptions,
  onProgress?: (done: number) => void,
): SynthManifest {
  mkdirSync(folder, { recursive: true });
  const manifest: SynthManifest = {
    generator: 'jixiao synth',
    version: SYNTH_VERSION,
    seed: opts.seed,
    year: opts.year ?? 2023,
    departments,
    inconsistent: [],
  };
  for (let i = 0; i < departments; i++) {
    const d = synthDepartment(i, opts);
    const file = `${d.id}.yaml`;
    const note = d.inconsistencies.length
      ? `；故意制造的不一致 ${d.inconsistencies.length} 处，见 manifest.json`
      : '';
    writeFileSync(
      join(folder, file),
      datasetYaml(
        d.dataset,
        `合成数据（jixiao synth --seed ${opts.seed}，第 ${i + 1} 个部门），非真实部门${note}`,
      ),
    );
    if (d.inconsistencies.length)
      manifest.inconsistent.push({
        file,
        department: d.dataset.department.name,
        inconsistencies: d.inconsistencies,
      });
    onProgress?.(i + 1);
  }
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
