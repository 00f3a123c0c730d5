/**
 * What people see of a merge: conflicts and changes by Chinese label with values as they read them
 * (no paths, codes or ids), located by sheet and cell when the edit came from a workbook.
 */
import { valueAt, type MergeChange } from '../core/dataset/merge.ts';
import { displayAt, pathLabel, type IndicatorNames } from '../core/labels.ts';
import type { SaveConflict } from './service.ts';

/** Long text (a narrative) is shown by its start: the dialog lists fields, not documents. */
const short = (s: string) => (s.length > 120 ? `${s.slice(0, 120)}……（共 ${s.length} 字）` : s);

type Locate = (path: string) => { sheet: string; cell: string } | undefined;

export interface ConflictView {
  /** Identity path: what a pick refers to (never shown). */
  path: string;
  label: string;
  base: string;
  theirs: string;
  mine: string;
  by: string;
  at: string;
  sheet?: string;
  cell?: string;
}

export function conflictViews(
  conflicts: SaveConflict[],
  versions: { theirs: unknown; mine: unknown },
  framework: IndicatorNames | undefined,
  locate?: Locate,
): ConflictView[] {
  return conflicts.map((c) => {
    const at = c.minePath && locate ? locate(c.minePath) : undefined;
    return {
      path: c.path,
      label: pathLabel(c.segs, { style: 'form', data: withItem(c.segs, versions), framework }),
      base: short(displayAt(c.segs, c.base)),
      theirs:
        c.theirs === undefined && c.base !== undefined ? '（已删除）' : short(displayAt(c.segs, c.theirs)),
      mine: c.mine === undefined && c.base !== undefined ? '（已删除）' : short(displayAt(c.segs, c.mine)),
      by: c.by,
      at: c.at,
      ...(at ? { sheet: at.sheet, cell: at.cell } : {}),
    };
  });
}

/** The version in which a path's list items exist (mine, else theirs), to name them. */
function withItem(segs: MergeChange['segs'], versions: { theirs: unknown; mine: unknown }) {
  return valueAt(versions.mine, segs) !== undefined ? versions.mine : versions.theirs;
}

export interface ChangeView {
  label: string;
  before: string;
  after: string;
  sheet?: string;
  cell?: string;
}

export function changeViews(
  list: MergeChange[],
  versions: { before: unknown; after: unknown },
  framework: IndicatorNames | undefined,
  locate?: (change: MergeChange) => { sheet: string; cell: string } | undefined,
): ChangeView[] {
  return list.map((c) => {
    const data =
      valueAt(versions.after, c.segs.slice(0, -1)) !== undefined ? versions.after : versions.before;
    const at = locate?.(c);
    return {
      label: pathLabel(c.segs, { style: 'form', data, framework }),
      before:
        c.before === undefined && c.after !== undefined && c.segs.length > 1
          ? '（无）'
          : short(displayAt(c.segs, c.before)),
      after: c.after === undefined && c.before !== undefined ? '（删除）' : short(displayAt(c.segs, c.after)),
      ...(at ? { sheet: at.sheet, cell: at.cell } : {}),
    };
  });
}
