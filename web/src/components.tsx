/** The data-entry form, score panel and the smaller panels of a dataset page. */
import {
  Alert,
  Button,
  Descriptions,
  Empty,
  Input,
  List,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Tree,
  Typography,
} from 'antd';
import type { HTMLAttributes, ReactNode } from 'react';
import { fieldPathLabel, findingTitle } from '../../src/core/labels.ts';
import { NARRATIVE_KEYS, getPath, type FieldSpec, type Section } from '../../src/core/dataset/sections.ts';
import type { Evaluation, FrameworkNodeView, IndicatorResult, ScoreResult } from './api.ts';

export type Errors = Map<string, string>;

/** Errors for a path and everything under it (a list row's errors show on the row). */
export function errorsUnder(errors: Errors, path: string): string[] {
  const out: string[] = [];
  for (const [p, m] of errors)
    if (p === path || p.startsWith(path + '.') || p.startsWith(path + '[')) out.push(m);
  return out;
}

function FieldInput({
  spec,
  path,
  value,
  onChange,
  disabled,
  error,
}: {
  spec: FieldSpec;
  path: string;
  value: unknown;
  onChange: (v: unknown) => void;
  disabled: boolean;
  error?: string | undefined;
}) {
  const status = error ? 'error' : undefined;
  // aria-label: in list tables the field's name is the column header, which a screen reader does not
  // tie to the input; a form field's <label htmlFor> names it as well.
  const common = { 'data-path': path, id: `f-${path}`, 'aria-label': spec.label, disabled, status } as const;
  switch (spec.kind) {
    case 'bool':
      return (
        <Select
          {...common}
          style={{ width: '100%', minWidth: 80 }}
          allowClear={!spec.required}
          value={
            value === true || value === 'true'
              ? '是'
              : value === false || value === 'false'
                ? '否'
                : undefined
          }
          options={[
            { value: '是', label: '是' },
            { value: '否', label: '否' },
          ]}
          onChange={(v) => onChange(v === '是' ? true : v === '否' ? false : undefined)}
        />
      );
    case 'enum':
      return (
        <Select
          {...common}
          style={{ width: '100%', minWidth: 120 }}
          allowClear={!spec.required}
          value={(value as string | undefined) ?? undefined}
          options={spec.options}
          onChange={(v) => onChange(v ?? undefined)}
        />
      );
    case 'textBlock':
      return (
        <Input.TextArea
          {...common}
          autoSize={{ minRows: 2 }}
          value={Array.isArray(value) ? value.join('\n') : ((value as string) ?? '')}
          onChange={(e) => onChange(e.target.value.split('\n'))}
        />
      );
    default:
      return (
        <Input
          {...common}
          value={value === undefined || value === null ? '' : String(value)}
          suffix={spec.unit ? <span style={{ color: '#595959' }}>{spec.unit}</span> : undefined}
          inputMode={spec.kind === 'text' || spec.kind === 'date' ? undefined : 'decimal'}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
}

/** The narrowest a list section's input may be: text needs room, figures and choices less. */
const cellMinWidth = (c: FieldSpec) => (c.kind === 'text' ? 180 : 110);

/** A column a list section shows after its fields (e.g. a target's 佐证材料). */
export interface RowExtra {
  title: string;
  width: number;
  render: (item: Record<string, unknown>, index: number) => ReactNode;
}

export function SectionForm({
  section,
  data,
  setField,
  errors,
  warnings,
  disabled,
  rowExtra,
}: {
  section: Section;
  data: unknown;
  setField: (path: string, value: unknown) => void;
  errors: Errors;
  /** Findings (figures that do not add up) by field path, shown beside the field when it has no error. */
  warnings?: Errors;
  disabled: boolean;
  /** For a list section: one more column after the fields. */
  rowExtra?: RowExtra | undefined;
}) {
  if (section.kind === 'fields') {
    return (
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))',
          gap: '4px 24px',
        }}
      >
        {section.fields.map((f) => {
          const err = errors.get(f.path);
          return (
            <div key={f.path} style={{ marginBottom: 12 }}>
              <label htmlFor={`f-${f.path}`} style={{ display: 'block', marginBottom: 4 }}>
                {f.required ? <span style={{ color: '#cf1322' }}>* </span> : null}
                {f.label}
              </label>
              <FieldInput
                spec={f}
                path={f.path}
                value={getPath(data, f.path)}
                onChange={(v) => setField(f.path, v)}
                disabled={disabled}
                error={err}
              />
              {err ? (
                <div
                  className="field-error"
                  data-error-for={f.path}
                  style={{ color: '#cf1322', fontSize: 12, marginTop: 2 }}
                >
                  {err}
                </div>
              ) : warnings?.get(f.path) ? (
                <div data-warning-for={f.path} style={{ color: '#ad4e00', fontSize: 12, marginTop: 2 }}>
                  {warnings.get(f.path)}
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
    );
  }
  const raw = getPath(data, section.path);
  const items = Array.isArray(raw) ? (raw as Record<string, unknown>[]) : [];
  const listErrors = errors.get(section.path);
  return (
    <div>
      {listErrors ? <Alert type="error" title={listErrors} style={{ marginBottom: 8 }} /> : null}
      <Table
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        dataSource={items}
        // As wide as its inputs' minimum widths, scrolling inside the form column (a long message under
        // a cell wraps rather than widening it); 序号 and 删除 stay in view at the edges.
        scroll={{
          x: section.columns.reduce((w, c) => w + cellMinWidth(c) + 16, 60 + 70 + (rowExtra?.width ?? 0)),
        }}
        columns={[
          { title: '序号', width: 60, fixed: 'left' as const, render: (_, __, i) => i + 1 },
          ...section.columns.map((c) => ({
            title: c.unit ? `${c.label}（${c.unit}）` : c.label,
            render: (_: unknown, item: Record<string, unknown>, i: number) => {
              const p = `${section.path}[${i}].${c.path}`;
              const err = errorsUnder(errors, p)[0];
              return (
                <div style={{ minWidth: cellMinWidth(c) }}>
                  <FieldInput
                    spec={{ ...c, unit: undefined as unknown as string }}
                    path={p}
                    value={getPath(item, c.path)}
                    onChange={(v) => setField(p, v)}
                    disabled={disabled}
                    error={err}
                  />
                  {err ? (
                    <div
                      className="field-error"
                      data-error-for={p}
                      style={{ color: '#cf1322', fontSize: 12 }}
                    >
                      {err}
                    </div>
                  ) : warnings?.get(p) ? (
                    <div data-warning-for={p} style={{ color: '#ad4e00', fontSize: 12 }}>
                      {warnings.get(p)}
                    </div>
                  ) : null}
                </div>
              );
            },
          })),
          ...(rowExtra
            ? [
                {
                  title: rowExtra.title,
                  width: rowExtra.width,
                  render: (_: unknown, item: Record<string, unknown>, i: number) => rowExtra.render(item, i),
                },
              ]
            : []),
          {
            title: '',
            width: 70,
            fixed: 'right' as const,
            render: (_: unknown, __: unknown, i: number) => (
              <Button
                size="small"
                danger
                type="link"
                disabled={disabled}
                onClick={() =>
                  setField(
                    section.path,
                    items.filter((_, j) => j !== i),
                  )
                }
              >
                删除
              </Button>
            ),
          },
        ]}
      />
      <Button
        style={{ marginTop: 8 }}
        disabled={disabled}
        onClick={() => setField(section.path, [...items, {}])}
      >
        添加{section.itemLabel}
      </Button>
    </div>
  );
}

export function NarrativeEditor({
  data,
  setField,
  errors,
  disabled,
  result,
}: {
  data: unknown;
  setField: (path: string, value: unknown) => void;
  errors: Errors;
  disabled: boolean;
  result: ScoreResult | null;
}) {
  const textOf = (v: unknown) => (Array.isArray(v) ? v.join('\n') : typeof v === 'string' ? v : '');
  return (
    <div>
      <Typography.Title level={5}>整改措施（针对每一处失分）</Typography.Title>
      {result && result.problems.length ? (
        result.problems.map((p) => {
          const path = `measures.${p.code}`;
          return (
            <div key={p.code} style={{ marginBottom: 12 }}>
              <label htmlFor={`field-${path}`}>
                {p.name}（失 {p.lost} 分）
              </label>
              <Input.TextArea
                id={`field-${path}`}
                data-path={path}
                disabled={disabled}
                autoSize={{ minRows: 2 }}
                value={textOf(getPath(data, path))}
                onChange={(e) => setField(path, e.target.value.split('\n'))}
              />
              {errors.get(path) ? <div style={{ color: '#cf1322' }}>{errors.get(path)}</div> : null}
            </div>
          );
        })
      ) : (
        <Typography.Paragraph type="secondary">没有失分。</Typography.Paragraph>
      )}
      <Typography.Title level={5}>报告叙述</Typography.Title>
      {NARRATIVE_KEYS.map((n) => {
        const path = `narrative.${n.key}`;
        return (
          <div key={n.key} style={{ marginBottom: 12 }}>
            <label htmlFor={`field-${path}`}>{n.label}</label>
            <Input.TextArea
              id={`field-${path}`}
              data-path={path}
              disabled={disabled}
              autoSize={{ minRows: 2, maxRows: 12 }}
              value={textOf(getPath(data, path))}
              onChange={(e) => setField(path, e.target.value.split('\n'))}
            />
            {errors.get(path) ? <div style={{ color: '#cf1322' }}>{errors.get(path)}</div> : null}
          </div>
        );
      })}
    </div>
  );
}

function TreeTitle({ n }: { n: IndicatorResult }) {
  const lost = Number(n.lost) > 0;
  return (
    <span style={{ color: lost ? '#cf1322' : undefined }}>
      {n.name} {n.score}/{n.weight}
    </span>
  );
}

const lostTag = (lost: string) =>
  Number(lost) > 0 ? <Tag color="red">−{lost}</Tag> : <Tag color="green">满分</Tag>;

export function ScorePanel({
  evaluation,
  stale,
  pending,
  findingsEnabled,
  onGoto,
}: {
  evaluation: Evaluation | null;
  stale: ScoreResult | null;
  pending: boolean;
  findingsEnabled: boolean;
  /** Shows the field a finding names. */
  onGoto?: (path: string) => void;
}) {
  const result = evaluation?.ok ? evaluation.result : stale;
  if (!result && evaluation && !evaluation.ok && evaluation.unfilled)
    return (
      <div>
        <div style={{ display: 'flex', alignItems: 'baseline', gap: 12 }}>
          <span style={{ fontSize: 14 }}>自评得分</span>
          <span data-testid="score-unfilled" style={{ fontSize: 32, fontWeight: 600, color: '#595959' }}>
            未填报
          </span>
        </div>
        <Alert
          type="info"
          showIcon
          style={{ margin: '8px 0' }}
          title={`本年度还有 ${evaluation.errors.length} 项数据未填写（见左侧提示）；全部填写并保存后才计算得分`}
        />
      </div>
    );
  if (!result) return <Empty description="暂无得分" />;
  const errorCount = evaluation && !evaluation.ok ? evaluation.errors.length : 0;
  const findings = evaluation?.ok ? evaluation.findings : null;
  return (
    <div>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 12 }}>
        <span style={{ fontSize: 14 }}>自评得分</span>
        <span
          data-testid="score-total"
          style={{ fontSize: 40, fontWeight: 600, color: errorCount ? '#595959' : '#a8071a' }}
        >
          {result.total}
        </span>
        <span>/ {result.maxTotal}</span>
        {result.grade ? <Tag color="gold">{result.grade}</Tag> : null}
        {pending ? <Typography.Text type="secondary">计算中…</Typography.Text> : null}
      </div>
      {errorCount ? (
        <Alert
          type="warning"
          showIcon
          style={{ margin: '8px 0' }}
          title={`有 ${errorCount} 处输入有误（见左侧红字），得分为最后一次有效输入的结果`}
        />
      ) : null}
      <Tree
        style={{ marginTop: 8 }}
        data-testid="score-tree"
        selectable={false}
        defaultExpandedKeys={result.indicators.map((n) => n.code)}
        treeData={result.indicators.map((l1) => ({
          key: l1.code,
          title: <TreeTitle n={l1} />,
          children: (l1.children ?? []).map((l2) => ({
            key: l2.code,
            title: <TreeTitle n={l2} />,
            children: (l2.children ?? []).map((l3) => ({
              key: l3.code,
              title: <TreeTitle n={l3} />,
              isLeaf: true,
            })),
          })),
        }))}
      />
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        失分（{result.problems.length} 处）
      </Typography.Title>
      <List
        size="small"
        dataSource={result.problems}
        locale={{ emptyText: '没有失分' }}
        renderItem={(p) => (
          <List.Item data-testid={`problem-${p.code}`}>
            <div>
              <div>
                <b>{p.name}</b> {lostTag(p.lost)}{' '}
                <Typography.Text type="secondary">
                  （{p.path.join(' › ')}，得 {p.score}/{p.weight}）
                </Typography.Text>
              </div>
              {p.reasons.map((r, i) => (
                <div key={i} style={{ color: '#595959' }}>
                  · {r}
                </div>
              ))}
            </div>
          </List.Item>
        )}
      />
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {findingsEnabled ? '数据核对' : '缺少的评价依据'}
      </Typography.Title>
      {findingsEnabled && findings ? (
        <List
          size="small"
          data-testid="findings"
          dataSource={findings}
          locale={{ emptyText: '没有发现对不上的数字' }}
          renderItem={(f) => (
            <List.Item>
              <Space direction="vertical" size={0}>
                <span>
                  <Tooltip title={`代码：${f.code}`}>
                    <Tag color={f.severity === 'error' ? 'red' : 'orange'} data-finding-code={f.code}>
                      {findingTitle(f.code)}
                    </Tag>
                  </Tooltip>
                  {f.message}
                </span>
                {f.path ? (
                  <Typography.Link onClick={() => onGoto?.(f.path!)} title="转到该字段">
                    {fieldPathLabel(f.path, result)}
                  </Typography.Link>
                ) : null}
              </Space>
            </List.Item>
          )}
        />
      ) : null}
      <List
        size="small"
        data-testid="missing"
        dataSource={result.missing}
        locale={{ emptyText: '评分所需的依据都已提供' }}
        renderItem={(m) => (
          <List.Item>
            <b>{m.name}</b>：{m.message}
          </List.Item>
        )}
      />
    </div>
  );
}

/**
 * The framework tree with every level-3 indicator's figures, steps and points lost; `noteFor` adds
 * what else concerns an indicator under its name (a returned version's review comment). Each row
 * carries `data-anchor="indicator:<code>"`, so a link elsewhere can scroll to it.
 */
export function ScoreTree({
  result,
  noteFor,
}: {
  result: ScoreResult;
  noteFor?: ((code: string) => ReactNode) | undefined;
}) {
  type Row = IndicatorResult & { key: string };
  const toRows = (ns: IndicatorResult[]): Row[] =>
    ns.map((n) => ({ ...n, key: n.code, children: n.children ? toRows(n.children) : undefined }) as Row);
  return (
    <Table<Row>
      size="small"
      pagination={false}
      dataSource={toRows(result.indicators)}
      expandable={{ defaultExpandAllRows: true }}
      onRow={(r) => ({ 'data-anchor': `indicator:${r.code}` }) as HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: '指标',
          dataIndex: 'name',
          // A share of the width, so long indicator names wrap in whole lines rather than a few
          // characters per line beside the wide 依据与计算 column.
          width: '32%',
          render: (t: string, r) =>
            r.level === 3 ? (
              <>
                {t}
                {noteFor?.(r.code)}
              </>
            ) : (
              <b>{t}</b>
            ),
        },
        { title: '分值', dataIndex: 'weight', width: 70 },
        { title: '得分', dataIndex: 'score', width: 70 },
        {
          title: '失分',
          dataIndex: 'lost',
          width: 80,
          render: (l: string) => (Number(l) > 0 ? <Tag color="red">{l}</Tag> : ''),
        },
        {
          title: '依据与计算',
          render: (_, r) =>
            r.level === 3 ? (
              <Tooltip title={r.criteria}>
                <div style={{ fontSize: 12 }}>
                  {(r.inputs ?? []).map((x) => (
                    <div key={x.metric}>
                      {x.label}：{x.value}
                    </div>
                  ))}
                  {(r.steps ?? []).map((s, i) => (
                    <div key={i} style={{ color: '#595959' }}>
                      {s}
                    </div>
                  ))}
                </div>
              </Tooltip>
            ) : null,
        },
      ]}
    />
  );
}

export function Info({ items }: { items: [string, ReactNode][] }) {
  return (
    <Descriptions size="small" column={1} bordered>
      {items.map(([k, v]) => (
        <Descriptions.Item key={k} label={k}>
          {v}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

/** An indicator as the API sends it, with what its rule asks the evaluator (src/server/api-types.ts). */
export type FwNode = FrameworkNodeView;

/**
 * The evaluator's answers the framework asks for: 是/否 for checklist items, a graded score with a
 * reason for judged indicators, deductions with reasons where the framework counts them by hand.
 */
export function EvaluationEditor({
  indicators,
  data,
  setField,
  errors,
  disabled,
  base: root = 'evaluation',
  empty = null,
  noteFor,
  intro = '以下指标需要评价人判断：逐项回答“是/否”，或给出得分并写明理由。判断会立即计入右侧得分。',
}: {
  indicators: FwNode[];
  data: unknown;
  setField: (path: string, value: unknown) => void;
  errors: Errors;
  disabled: boolean;
  /** Where the answers live, keyed by indicator code (a project's are under projects.items[i].evaluation). */
  base?: string;
  /** Shown instead when no indicator asks for an evaluator's answer. */
  empty?: ReactNode;
  intro?: ReactNode;
  /** What else concerns an indicator, under its name (a returned version's review comment). */
  noteFor?: ((code: string) => ReactNode) | undefined;
}) {
  const leavesOf = (ns: FwNode[]): FwNode[] =>
    ns.flatMap((n) => (n.children?.length ? leavesOf(n.children) : [n]));
  const rows = leavesOf(indicators).filter((n) => {
    const a = n.asks;
    return !!a && (a.score || a.deductions || a.items.length > 0);
  });
  if (!rows.length) return <>{empty}</>;
  const err = (p: string) => errorsUnder(errors, p)[0];
  const text = (p: string) => {
    const v = getPath(data, p);
    return v === undefined || v === null ? '' : String(v);
  };
  return (
    <div>
      <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>
      {rows.map((n) => {
        const base = `${root}.${n.code}`;
        const asks = n.asks!;
        return (
          <div
            key={n.code}
            style={{ borderBottom: '1px solid #f0f0f0', padding: '8px 0' }}
            data-testid={`evaluation-${n.code}`}
          >
            <Tooltip title={n.criteria}>
              <b>{n.name}</b>
            </Tooltip>
            <Typography.Text type="secondary">（分值 {n.weight}）</Typography.Text>
            {noteFor?.(n.code)}
            {asks.items.map((it) => {
              const p = `${base}.items.${it.id}`;
              const met = getPath(data, `${p}.met`);
              return (
                <div key={it.id} style={{ display: 'flex', gap: 8, alignItems: 'center', marginTop: 6 }}>
                  <span style={{ flex: 2 }}>
                    {it.text}（{it.points} 分）
                  </span>
                  <Select
                    data-path={`${p}.met`}
                    aria-label={`${it.text}：是否符合`}
                    disabled={disabled}
                    style={{ width: 90 }}
                    allowClear
                    status={err(`${p}.met`) ? 'error' : undefined}
                    value={
                      met === true || met === 'true'
                        ? '是'
                        : met === false || met === 'false'
                          ? '否'
                          : undefined
                    }
                    options={[
                      { value: '是', label: '是' },
                      { value: '否', label: '否' },
                    ]}
                    onChange={(v) => setField(`${p}.met`, v === '是' ? true : v === '否' ? false : undefined)}
                  />
                  <Input
                    style={{ flex: 3 }}
                    placeholder="理由"
                    aria-label={`${it.text}：理由`}
                    disabled={disabled}
                    value={text(`${p}.reason`)}
                    onChange={(e) => setField(`${p}.reason`, e.target.value)}
                  />
                </div>
              );
            })}
            {asks.score ? (
              <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginTop: 6 }}>
                <span>判断得分</span>
                <Input
                  data-path={`${base}.score`}
                  aria-label={`${n.name}：判断得分`}
                  disabled={disabled}
                  style={{ width: 110 }}
                  status={err(`${base}.score`) ? 'error' : undefined}
                  value={text(`${base}.score`)}
                  onChange={(e) => setField(`${base}.score`, e.target.value)}
                />
                <Input
                  style={{ flex: 1 }}
                  placeholder="评分理由（必填）"
                  aria-label={`${n.name}：评分理由`}
                  disabled={disabled}
                  value={text(`${base}.reason`)}
                  onChange={(e) => setField(`${base}.reason`, e.target.value)}
                />
              </div>
            ) : null}
            {asks.deductions ? (
              <div style={{ marginTop: 6 }}>
                {(
                  (getPath(data, `${base}.deductions`) as
                    { reason: string; points?: string }[] | undefined) ?? []
                ).map((d, i) => (
                  <div key={i} style={{ display: 'flex', gap: 8, marginTop: 4 }}>
                    <Input
                      style={{ flex: 1 }}
                      placeholder="扣分事由"
                      aria-label={`${n.name}：扣分事由`}
                      disabled={disabled}
                      value={d.reason ?? ''}
                      onChange={(e) => setField(`${base}.deductions[${i}].reason`, e.target.value)}
                    />
                    <Input
                      style={{ width: 110 }}
                      placeholder={`扣分（缺省 ${n.rule?.kind === 'deduction' ? n.rule.per : ''}）`}
                      aria-label={`${n.name}：扣分`}
                      disabled={disabled}
                      value={d.points ?? ''}
                      onChange={(e) => setField(`${base}.deductions[${i}].points`, e.target.value)}
                    />
                    <Button
                      type="link"
                      danger
                      disabled={disabled}
                      onClick={() =>
                        setField(
                          `${base}.deductions`,
                          ((getPath(data, `${base}.deductions`) as unknown[]) ?? []).filter(
                            (_, j) => j !== i,
                          ),
                        )
                      }
                    >
                      删除
                    </Button>
                  </div>
                ))}
                <Button
                  size="small"
                  style={{ marginTop: 4 }}
                  disabled={disabled}
                  onClick={() =>
                    setField(`${base}.deductions`, [
                      ...(((getPath(data, `${base}.deductions`) as unknown[]) ?? []) as unknown[]),
                      { reason: '' },
                    ])
                  }
                >
                  添加扣分事项
                </Button>
                <Input
                  style={{ marginTop: 4 }}
                  placeholder="总体说明"
                  disabled={disabled}
                  value={text(`${base}.reason`)}
                  onChange={(e) => setField(`${base}.reason`, e.target.value)}
                />
              </div>
            ) : null}
            {err(base) ? <div style={{ color: '#cf1322', fontSize: 12 }}>{err(base)}</div> : null}
          </div>
        );
      })}
    </div>
  );
}
