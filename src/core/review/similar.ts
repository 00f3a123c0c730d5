/**
 * Near-duplicate paragraphs across departments (叙述文字雷同): each paragraph is cut into character
 * shingles (Chinese has no spaces: 5 characters by default), summarised by a MinHash signature and put
 * in a locality-sensitive hash index (the `minhash` package); only the pairs the index brings together
 * are compared, by the exact Jaccard similarity of their shingle sets. No loop over all pairs.
 */
import minhash from 'minhash';

export interface Paragraph {
  /** Whose text it is (a dataset id); paragraphs of one owner are never compared with each other. */
  owner: string;
  /** The section it belongs to (its Chinese label) and its place there (0-based). */
  section: string;
  index: number;
  text: string;
}

export interface SimilarityOptions {
  /** Characters per shingle. */
  shingle: number;
  /** Paragraphs shorter than this (after removing spaces and punctuation) are not compared. */
  minChars: number;
  /** Jaccard similarity of the shingle sets at or above which two paragraphs are near-duplicates. */
  threshold: number;
}

export interface NearDuplicate {
  a: Paragraph;
  b: Paragraph;
  /** Jaccard similarity of the two shingle sets, 0–1. */
  similarity: number;
}

/** MinHash permutations and LSH band size: 32 bands of 4 find pairs of similarity 0.5 with p ≈ 0.87, 0.6 with p ≈ 0.99. */
const NUM_PERM = 128;
const BAND_SIZE = 4;

/** The text compared: no spaces, no punctuation or symbols (a changed comma is not a different text). */
export function normalizeParagraph(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]/gu, '');
}

export function shingles(text: string, size: number): Set<string> {
  const chars = [...text];
  const out = new Set<string>();
  if (chars.length <= size) {
    if (chars.length) out.add(chars.join(''));
    return out;
  }
  for (let i = 0; i + size <= chars.length; i++) out.add(chars.slice(i, i + size).join(''));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** Pairs of paragraphs of different owners whose shingle sets are at least `threshold` similar. */
export function nearDuplicates(paragraphs: readonly Paragraph[], opts: SimilarityOptions): NearDuplicate[] {
  const index = new minhash.LshIndex({ bandSize: BAND_SIZE });
  const items: { p: Paragraph; set: Set<string>; hash: InstanceType<typeof minhash.Minhash> }[] = [];
  for (const p of paragraphs) {
    const text = normalizeParagraph(p.text);
    if ([...text].length < opts.minChars) continue;
    const set = shingles(text, opts.shingle);
    const hash = new minhash.Minhash({ numPerm: NUM_PERM, seed: 1 });
    for (const s of set) hash.update(s);
    index.insert(String(items.length), hash);
    items.push({ p, set, hash });
  }
  const out: NearDuplicate[] = [];
  items.forEach((item, i) => {
    for (const key of index.query(item.hash)) {
      const j = Number(key);
      if (j <= i) continue;
      const other = items[j]!;
      if (other.p.owner === item.p.owner) continue;
      const similarity = jaccard(item.set, other.set);
      if (similarity >= opts.threshold) out.push({ a: item.p, b: other.p, similarity });
    }
  });
  return out;
}
