/**
 * Table geometry shared by the renderers: where each cell of a row starts once the cells merged down
 * from the rows above are accounted for.
 */
import type { Cell } from '../model/types.ts';

export interface PlacedCell {
  cell: Cell;
  /** First grid column. */
  col: number;
  span: number;
}

/** Places every cell of `rows` (header rows first, then body rows) on the table grid. */
export function placeRows(rows: Cell[][], columns: number): PlacedCell[][] {
  // How many more rows each grid column stays covered by a cell merged from above.
  const covered = new Array<number>(columns).fill(0);
  return rows.map((row) => {
    const placed: PlacedCell[] = [];
    let col = 0;
    for (const cell of row) {
      while (col < columns && covered[col]! > 0) col++;
      const span = cell.colSpan ?? 1;
      placed.push({ cell, col, span });
      for (let c = col; c < col + span && c < columns; c++) covered[c] = cell.rowSpan ?? 1;
      col += span;
    }
    for (let c = 0; c < columns; c++) if (covered[c]! > 0) covered[c]!--;
    return placed;
  });
}

/** Column widths scaled to a total (twips for docx, % for html), integers summing to `total`. */
export function scaleWidths(columns: number[], total: number): number[] {
  const sum = columns.reduce((a, b) => a + b, 0);
  const widths = columns.map((c) => Math.floor((c / sum) * total));
  widths[widths.length - 1]! += total - widths.reduce((a, b) => a + b, 0);
  return widths;
}

/** The lines a cell prints. */
export function cellLines(cell: Cell): string[] {
  return cell.lines?.length ? cell.lines : [cell.text];
}
