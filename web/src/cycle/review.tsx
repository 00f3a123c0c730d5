/**
 * Review per indicator (复核意见) and review signals (复核提示) in the web:
 *  - ReviewItemsPanel: on the dataset's 复核 tab, one row per level-3 indicator (and project): the
 *    reviewer edits score and comment; the review total is the server's (computed by the framework).
 *  - ReviewComments: beside the score panel, the reviewer's comments for the department to read, each
 *    a link to the field it concerns; ReviewNote: one comment, shown beside that field (the indicator's
 *    row in 评分明细 and 评价判断, the project's panel) when the latest submission was returned.
 *  - BureauSignals: on the bureau page, every department's signals with their evidence.
 */
import { Alert, App as AntApp, Button, Card, Input, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Severity, Signal } from '../../../src/core/review/signals.ts';
import type { ReviewItemsResponse, ReviewItemView, SignalsResponse } from '../../../src/core/review/views.ts';
import { api, ApiError } from '../api.ts';

const SEVERITY_COLOR: Record<Severity, string> = { P0: 'red', P1: 'orange', P2: 'blue' };

const diffText = (d: string | null) => (d === null ? '—' : d.startsWith('-') || d === '0.00' ? d : `+${d}`);

/** The review of a dataset, read again when its version changes. */
export function useReviewItems(id: number, version: number) {
  const [view, setView] = useState<ReviewItemsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (version < 1) return; // the dataset is still loading
    api<ReviewItemsResponse>('GET', `/api/datasets/${id}/review-items`)
      .then((v) => {
        setView(v);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : '读取复核意见失败'));
  }, [id, version]);
  return { view, setView, error };
}

type Edit = { score: string; comment: string };

export function ReviewItemsPanel({ id, version }: { id: number; version: number }) {
  const { message } = AntApp.useApp();
  const { view, setView, error } = useReviewItems(id, version);
  const [edits, setEdits] = useState<Record<string, Edit>>({});
  const [saving, setSaving] = useState(false);
  const key = (r: ReviewItemView) => `${r.kind}:${r.ref}`;
  const valueOf = useCallback(
    (r: ReviewItemView): Edit => edits[key(r)] ?? { score: r.reviewScore ?? '', comment: r.comment },
    [edits],
  );
  if (error) return <Alert type="info" showIcon message={error} />;
  if (!view) return <Card loading size="small" />;
  const can = view.can.review;
  const save = async () => {
    const rows = [...view.indicators, ...view.projects].filter(
      (r) => edits[key(r)] && valueOf(r).score.trim(),
    );
    if (!rows.length) {
      message.info('没有修改的复核得分');
      return;
    }
    setSaving(true);
    try {
      const v = await api<ReviewItemsResponse>('PUT', `/api/datasets/${id}/review-items`, {
        version: view.version,
        items: rows.map((r) => ({
          kind: r.kind,
          code: r.ref,
          score: valueOf(r).score.trim(),
          comment: valueOf(r).comment,
        })),
      });
      setView(v);
      setEdits({});
      message.success(`逐项复核已保存，复核总分 ${v.reviewTotal}`);
    } catch (e) {
      message.error({ content: e instanceof ApiError ? e.message : '保存失败', duration: 8 });
    } finally {
      setSaving(false);
    }
  };
  const columns = [
    { title: '指标', dataIndex: 'name' },
    { title: '分值', dataIndex: 'weight', width: 70 },
    { title: '自评得分', dataIndex: 'selfScore', width: 90 },
    {
      title: '复核得分',
      width: 110,
      render: (_: unknown, r: ReviewItemView) =>
        can ? (
          <Input
            size="small"
            aria-label={`${r.name}复核得分`}
            data-testid={`review-item-score-${r.ref}`}
            value={valueOf(r).score}
            placeholder={r.selfScore}
            onChange={(e) => setEdits({ ...edits, [key(r)]: { ...valueOf(r), score: e.target.value } })}
          />
        ) : (
          (r.reviewScore ?? '—')
        ),
    },
    {
      title: '复核意见',
      render: (_: unknown, r: ReviewItemView) =>
        can ? (
          <Input.TextArea
            size="small"
            autoSize
            aria-label={`${r.name}复核意见`}
            data-testid={`review-item-comment-${r.ref}`}
            value={valueOf(r).comment}
            onChange={(e) => setEdits({ ...edits, [key(r)]: { ...valueOf(r), comment: e.target.value } })}
          />
        ) : (
          r.comment
        ),
    },
    { title: '偏离度', dataIndex: 'difference', width: 80, render: diffText },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="review-items">
      <Typography.Paragraph>
        自评总分 <b>{view.selfTotal}</b>，复核总分 <b data-testid="review-items-total">{view.reviewTotal}</b>
        {view.reviewGrade ? `（${view.reviewGrade}）` : ''}，相差 {diffText(view.difference)}
        。复核总分由指标体系按复核得分计算，不可直接填写。
      </Typography.Paragraph>
      {view.staleNote ? <Alert type="warning" showIcon message={view.staleNote} /> : null}
      <Table<ReviewItemView>
        size="small"
        rowKey={key}
        pagination={false}
        dataSource={view.indicators}
        columns={columns}
      />
      {view.projects.length ? (
        <>
          <Typography.Title level={5}>项目</Typography.Title>
          <Table<ReviewItemView>
            size="small"
            rowKey={key}
            pagination={false}
            dataSource={view.projects}
            columns={columns}
          />
        </>
      ) : null}
      {can ? (
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid="review-items-save">
          保存逐项复核
        </Button>
      ) : null}
    </Space>
  );
}

/** The review rows with a comment, keyed `indicator:<code>` / `project:<item id>`. */
export type ReviewNotes = Map<string, ReviewItemView>;
export const noteKey = (kind: ReviewItemView['kind'], ref: string) => `${kind}:${ref}`;

/** The commented review rows of a review, by noteKey. */
export function useReviewNotes(view: ReviewItemsResponse | null): ReviewNotes {
  return useMemo(() => {
    const m: ReviewNotes = new Map();
    for (const r of view ? [...view.indicators, ...view.projects] : [])
      if (r.comment.trim()) m.set(noteKey(r.kind, r.ref), r);
    return m;
  }, [view]);
}

const scoreChange = (r: ReviewItemView) =>
  r.reviewScore === null
    ? `自评 ${r.selfScore}`
    : `自评 ${r.selfScore} → 复核 ${r.reviewScore}（${diffText(r.difference)}）`;

/** One reviewer comment, beside the indicator or project it concerns. */
export function ReviewNote({ item }: { item: ReviewItemView }) {
  return (
    <div
      role="note"
      data-testid={`review-note-${item.kind}-${item.ref}`}
      style={{
        background: '#fff7e6',
        border: '1px solid #ffd591',
        borderRadius: 4,
        padding: '4px 8px',
        margin: '4px 0',
        fontSize: 13,
        whiteSpace: 'pre-wrap',
      }}
    >
      <b>复核意见</b>
      <span style={{ color: '#595959' }}>（{scoreChange(item)}）</span>：{item.comment}
    </div>
  );
}

/**
 * The reviewer's comments, beside the score panel, for the department (only rows with a comment);
 * each name leads to the indicator or project it concerns.
 */
export function ReviewComments({
  view,
  notes,
  onGoto,
}: {
  view: ReviewItemsResponse | null;
  notes: ReviewNotes;
  onGoto: (item: ReviewItemView) => void;
}) {
  if (!notes.size) return null;
  return (
    <Card size="small" title="复核意见" style={{ marginTop: 16 }} data-testid="review-comments">
      {view?.staleNote ? <Typography.Paragraph type="warning">{view.staleNote}</Typography.Paragraph> : null}
      {[...notes.values()].map((r) => (
        <div key={noteKey(r.kind, r.ref)} style={{ marginBottom: 8 }}>
          <Typography.Link
            strong
            onClick={() => onGoto(r)}
            title={r.kind === 'project' ? '转到该项目' : '转到该指标'}
            data-testid={`review-goto-${r.kind}-${r.ref}`}
          >
            {r.name}
          </Typography.Link>{' '}
          <Typography.Text type="secondary">{scoreChange(r)}</Typography.Text>
          <div>{r.comment}</div>
        </div>
      ))}
    </Card>
  );
}

export function BureauSignals({ year }: { year: number }) {
  const [s, setS] = useState<SignalsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<SignalsResponse>('GET', `/api/bureau/signals?year=${year}`)
      .then((r) => {
        setS(r);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : '读取复核提示失败'));
  }, [year]);
  return (
    <Card
      size="small"
      title={`复核提示${s ? `（${s.rules}）` : ''}`}
      extra={<Typography.Text type="secondary">提示值得查看之处，不是结论</Typography.Text>}
    >
      {error ? <Alert type="error" showIcon message={error} /> : null}
      <Table<Signal>
        size="small"
        loading={!s && !error}
        data-testid="bureau-signals"
        rowKey={(r) => `${r.datasetId}:${r.kind}:${r.subject}:${JSON.stringify(r.evidence)}`}
        dataSource={s?.signals ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '没有复核提示' }}
        columns={[
          {
            title: '程度',
            dataIndex: 'severity',
            width: 70,
            render: (v: Severity, r) => <Tag color={SEVERITY_COLOR[v]}>{r.severityLabel}</Tag>,
          },
          { title: '提示', dataIndex: 'title' },
          { title: '部门', dataIndex: 'department' },
          { title: '所涉', dataIndex: 'subject' },
          {
            title: '依据',
            dataIndex: 'evidence',
            render: (ev: Signal['evidence']) => (
              <div>
                {ev.map((e) => (
                  <div key={e.label}>
                    <Typography.Text type="secondary">{e.label}：</Typography.Text>
                    {e.value}
                  </div>
                ))}
              </div>
            ),
          },
        ]}
      />
    </Card>
  );
}
