/**
 * Review items (复核意见): the reviewer's score and comment per level-3 indicator or project row, per
 * dataset version. A review of version N starts from the review of the latest earlier version: saving
 * a batch copies the rows not in the batch forward, so each version's rows are the whole review of it.
 */
import type { Executor } from './repo.ts';

export interface ReviewItemRow {
  kind: 'indicator' | 'project';
  ref: string;
  reviewScore: string;
  selfScore: string | null;
  comment: string;
  reviewer: string;
  at: string;
  datasetVersion: number;
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/** The latest reviewed version of each dataset that is at most `upTo` (any, when omitted). */
async function latestVersions(
  db: Executor,
  datasetIds: number[],
  upTo?: number,
): Promise<Map<number, number>> {
  if (!datasetIds.length) return new Map();
  let q = db
    .selectFrom('review_items')
    .select(['dataset_id', (eb) => eb.fn.max('dataset_version').as('v')])
    .where('dataset_id', 'in', datasetIds)
    .groupBy('dataset_id');
  if (upTo !== undefined) q = q.where('dataset_version', '<=', upTo);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.dataset_id, Number(r.v)]));
}

/**
 * The review items of each dataset's latest reviewed version (at most `upTo` when given, for one
 * dataset), keyed by dataset id; a dataset never reviewed is absent.
 */
export async function listReviewItems(
  db: Executor,
  datasetIds: number[],
  upTo?: number,
): Promise<Map<number, ReviewItemRow[]>> {
  const versions = await latestVersions(db, datasetIds, upTo);
  const out = new Map<number, ReviewItemRow[]>();
  if (!versions.size) return out;
  const rows = await db
    .selectFrom('review_items')
    .select([
      'dataset_id',
      'dataset_version',
      'kind',
      'ref',
      'review_score',
      'self_score',
      'comment',
      'reviewer_name',
      'at',
    ])
    .where('dataset_id', 'in', [...versions.keys()])
    .orderBy('id')
    .execute();
  for (const r of rows) {
    if (versions.get(r.dataset_id) !== r.dataset_version) continue;
    const list = out.get(r.dataset_id) ?? [];
    list.push({
      kind: r.kind,
      ref: r.ref,
      reviewScore: r.review_score,
      selfScore: r.self_score,
      comment: r.comment,
      reviewer: r.reviewer_name,
      at: iso(r.at),
      datasetVersion: r.dataset_version,
    });
    out.set(r.dataset_id, list);
  }
  return out;
}

export interface ReviewItemWrite {
  kind: 'indicator' | 'project';
  ref: string;
  /** Decimal string. */
  reviewScore: string;
  selfScore: string | null;
  comment: string;
}

/**
 * Saves a batch as the review of `version`: the batch over the latest review up to that version (rows
 * not in the batch are carried forward as they were). Call inside a transaction; returns the rows that
 * changed (before → after), for the audit.
 */
export async function saveReviewItems(
  tx: Executor,
  datasetId: number,
  version: number,
  batch: readonly ReviewItemWrite[],
  reviewer: { id: number | null; name: string },
): Promise<{ before: ReviewItemRow | null; after: ReviewItemWrite }[]> {
  const current = (await listReviewItems(tx, [datasetId], version)).get(datasetId) ?? [];
  const key = (r: { kind: string; ref: string }) => `${r.kind}:${r.ref}`;
  const merged = new Map<string, ReviewItemWrite & { carried?: ReviewItemRow }>();
  for (const r of current)
    merged.set(key(r), {
      kind: r.kind,
      ref: r.ref,
      reviewScore: r.reviewScore,
      selfScore: r.selfScore,
      comment: r.comment,
      carried: r,
    });
  const changes: { before: ReviewItemRow | null; after: ReviewItemWrite }[] = [];
  const byKey = new Map(current.map((r) => [key(r), r]));
  for (const b of batch) {
    const before = byKey.get(key(b)) ?? null;
    if (!before || before.reviewScore !== b.reviewScore || before.comment !== b.comment)
      changes.push({ before, after: b });
    merged.set(key(b), { ...b });
  }
  await tx
    .deleteFrom('review_items')
    .where('dataset_id', '=', datasetId)
    .where('dataset_version', '=', version)
    .execute();
  const rows = [...merged.values()].map((r) => ({
    dataset_id: datasetId,
    dataset_version: version,
    kind: r.kind,
    ref: r.ref,
    review_score: r.reviewScore,
    self_score: r.selfScore,
    comment: r.comment,
    // A row carried forward keeps who wrote it and when.
    reviewer_id: r.carried ? null : reviewer.id,
    reviewer_name: r.carried ? r.carried.reviewer : reviewer.name,
    ...(r.carried ? { at: r.carried.at } : {}),
  }));
  if (rows.length) await tx.insertInto('review_items').values(rows).execute();
  return changes;
}
