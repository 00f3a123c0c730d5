/** Test helpers: read a .docx (a zip) without extra packages, and walk its body as paragraphs and tables. */
import { inflateRawSync } from 'node:zlib';
import { loadDataset, loadFramework } from '../../src/adapters/files.ts';
import type { Dataset } from '../../src/core/dataset/schema.ts';
import type { Framework } from '../../src/core/framework/schema.ts';

/** The entries of a zip archive, by name (stored and deflated entries, as docx writes them). */
export function readZip(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataStart, dataStart + size);
    out.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of an XML fragment: every <w:t> joined. */
export function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join('');
}

export type BodyItem = { kind: 'p'; text: string } | { kind: 'table'; rows: string[][] };

/** The document body in order: paragraphs (text) and tables (rows of cell texts; merged-away cells omitted). */
export function docxBody(documentXml: string): BodyItem[] {
  const body = documentXml.slice(documentXml.indexOf('<w:body>'));
  const items: BodyItem[] = [];
  const re = /<w:tbl>([\s\S]*?)<\/w:tbl>|<w:p[ >]([\s\S]*?)<\/w:p>/g;
  for (const m of body.matchAll(re)) {
    if (m[1] !== undefined) {
      const rows = [...m[1].matchAll(/<w:tr[ >]([\s\S]*?)<\/w:tr>/g)].map((r) =>
        [...r[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)]
          .filter((c) => !/<w:vMerge w:val="continue"\/>/.test(c[1]!))
          .map((c) =>
            [...c[1]!.matchAll(/<w:p[ >]([\s\S]*?)<\/w:p>/g)].map((pm) => textOf(pm[1]!)).join('\n'),
          ),
      );
      items.push({ kind: 'table', rows });
    } else items.push({ kind: 'p', text: textOf(m[2]!) });
  }
  return items;
}

/** The table whose caption paragraph starts with `caption` (“表 1-3”, “附表”). */
export function tableAfter(items: BodyItem[], caption: string): { title: string; rows: string[][] } {
  const i = items.findIndex((it) => it.kind === 'p' && it.text.startsWith(caption + ' '));
  if (i < 0) throw new Error(`no caption ${caption}`);
  const t = items.slice(i + 1).find((it) => it.kind === 'table');
  if (!t || t.kind !== 'table') throw new Error(`no table after ${caption}`);
  return { title: (items[i] as { text: string }).text, rows: t.rows };
}

export function seedInputs(): { dataset: Dataset; framework: Framework } {
  const ds = loadDataset('examples/futian-zonggonghui-2023.yaml');
  const fw = loadFramework('futian-2023');
  if (!ds.ok || !fw.ok) throw new Error('seed example or framework does not load');
  return { dataset: ds.value, framework: fw.value };
}

export function fixtureInputs(
  dataset: string,
  framework = 'futian-2023',
): { dataset: Dataset; framework: Framework } {
  const ds = loadDataset(dataset);
  const fw = loadFramework(framework);
  if (!ds.ok) throw new Error(`${dataset}: ${JSON.stringify(ds.errors)}`);
  if (!fw.ok) throw new Error(`${framework}: ${JSON.stringify(fw.errors)}`);
  return { dataset: ds.value, framework: fw.value };
}
