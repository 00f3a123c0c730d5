/**
 * The block list being built: headings, paragraphs, numbered tables and charts, and the placeholders
 * for text the user has not written. Numbering is done here, so tables and charts are numbered
 * uniquely and in order whatever the sections contain.
 */
import type { Block, Cell, ChartSpec, HeadingBlock, Placeholder, Run, TableBlock } from './types.ts';

export const placeholderText = (label: string) => `【待填写：${label}】`;

/** A narrative line that is only a heading or a table caption: the report prints its own. */
const HEADING_LINE = /^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)[^。；！？]{0,40}$/;
const CAPTION_LINE = /^表\s*\d+\s*[-－—]\s*\d+\s+\S[^。]{0,40}$/;

export class Builder {
  readonly blocks: Block[] = [];
  readonly placeholders: Placeholder[] = [];
  readonly notices: string[] = [];
  private chapter = 0;
  private tableInChapter = 0;
  private chartInChapter = 0;
  private section = '';

  heading(level: HeadingBlock['level'], text: string): void {
    if (level === 1) {
      this.chapter++;
      this.tableInChapter = 0;
      this.chartInChapter = 0;
    }
    this.section = text;
    this.blocks.push({ kind: 'heading', level, text });
  }

  paragraph(text: string | Run[], style: 'body' | 'plain' = 'body'): void {
    const runs = typeof text === 'string' ? [{ text }] : text;
    this.blocks.push({ kind: 'paragraph', runs, style });
  }

  /** A visible placeholder paragraph, listed for the CLI. */
  placeholder(key: string, label: string): void {
    this.placeholders.push({ key, label, section: this.section });
    this.blocks.push({ kind: 'paragraph', runs: [{ text: placeholderText(label), placeholder: true }] });
  }

  /** A placeholder inside a table cell: listed like the others. */
  placeholderCell(key: string, label: string, extra: Partial<Cell> = {}): Cell {
    this.placeholders.push({ key, label, section: this.section });
    return { text: placeholderText(label), placeholder: true, ...extra };
  }

  /**
   * The user's text block: each line a paragraph; a placeholder when missing. Lines that are only a
   * heading or a table caption are dropped (the report numbers its own) and noted.
   */
  narrative(
    key: string,
    lines: string[] | undefined,
    label: string,
    opts: { numbered?: boolean } = {},
  ): void {
    const kept = (lines ?? []).filter((line) => {
      if (HEADING_LINE.test(line) || CAPTION_LINE.test(line)) {
        this.notices.push(`${key} 中的“${line}”是标题或表题，报告自行生成标题和表号，已略去`);
        return false;
      }
      return true;
    });
    if (!kept.length) {
      this.placeholder(key, label);
      return;
    }
    kept.forEach((line, i) => {
      const numbered = opts.numbered && !/^(\d+[.、．]|（\d+）|\(\d+\)|[一二三四五六七八九十]+是)/.test(line);
      this.paragraph(numbered ? `${i + 1}. ${line}` : line);
    });
  }

  /** Adds a table with the next number of the current chapter, and returns the number (“表 1-2”). */
  table(t: Omit<TableBlock, 'kind' | 'number'>): string {
    this.tableInChapter++;
    const number = `表 ${this.chapter}-${this.tableInChapter}`;
    this.blocks.push({ kind: 'table', number, ...t });
    return number;
  }

  appendix(t: Omit<TableBlock, 'kind' | 'number'>, number = '附表'): void {
    this.blocks.push({ kind: 'table', number, ...t });
  }

  /** The number the next table of this chapter will get (for sentences that point to it). */
  nextTable(ahead = 1): string {
    return `表 ${this.chapter}-${this.tableInChapter + ahead}`;
  }

  nextChart(): string {
    return `图 ${this.chapter}-${this.chartInChapter + 1}`;
  }

  chart(id: string, title: string, spec: ChartSpec): string {
    this.chartInChapter++;
    const number = `图 ${this.chapter}-${this.chartInChapter}`;
    this.blocks.push({ kind: 'chart', id, number, title, spec });
    return number;
  }
}
