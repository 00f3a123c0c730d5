/**
 * The dataset parts the form shows in their own tabs rather than in the shared section table
 * (src/core/dataset/sections.ts; the workbook gives each a sheet, EXTRA_SHEETS): each second-level
 * project with its funds, targets and the evaluator's judgement (projects.items[]), the 其中 items of a
 * fixed-asset category (assets.fixed[].includes[]) and the mid-year performance monitoring
 * (monitoring). They reuse the section form, so fields, units, error messages (by parseDataset's field
 * path) and findings look and behave as in the other sections.
 */
import { Alert, Button, Card, Collapse, Empty, Tag, Typography } from 'antd';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { DEFAULT_PROJECT_FRAMEWORK } from '../../src/core/projects/default-framework.ts';
import {
  ASSET_INCLUDE_COLUMNS,
  MONITORING_FIELDS,
  MONITORING_LISTS,
  PROJECT_TARGET_COLUMNS as TARGET_COLUMNS,
  getPath,
  projectFields,
  type Section,
} from '../../src/core/dataset/sections.ts';
import { api, type FrameworkResponse, type ProjectScoreView } from './api.ts';
import { EvaluationEditor, SectionForm, errorsUnder, type Errors, type RowExtra } from './components.tsx';

export interface MoreSection {
  id: string;
  title: string;
  /** Whether a field path belongs to this tab. */
  owns: (path: string) => boolean;
}

const under = (path: string, base: string) =>
  path === base || path.startsWith(base + '.') || path.startsWith(base + '[');

/** Tabs added after the shared sections; an asset's 其中 items show in the 固定资产 tab itself. */
export const MORE_SECTIONS: MoreSection[] = [
  { id: 'projectItems', title: '项目明细', owns: (p) => under(p, 'projects.items') },
  { id: 'monitoring', title: '运行监控', owns: (p) => under(p, 'monitoring') },
];

/**
 * What the dataset page adds to each project's panel (the form itself knows no dataset): the 附件 button
 * of a project or target, the reviewer's comment on a project, and a project to open and show.
 */
export interface ProjectExtras {
  /** The 佐证材料 button of a saved project or target (by its id). */
  evidence?: (kind: 'project' | 'target', id: string, name: string) => ReactNode;
  /** The reviewer's comment on a project, when it has one to show. */
  note?: (id: string) => ReactNode;
  /** A project to open (a link from the review comments); `n` changes on every request. */
  reveal?: { id: string; n: number } | null;
}
export const ProjectExtrasContext = createContext<ProjectExtras>({});

const nameOf = (item: Record<string, unknown>, fallback: string) =>
  typeof item.name === 'string' && item.name ? item.name : fallback;
const idOf = (item: Record<string, unknown>) => (typeof item.id === 'string' ? item.id : null);

/** The 佐证材料 column of a target list; a target gets its id when saved, and files only then. */
export function targetEvidenceColumn(extras: ProjectExtras): RowExtra | undefined {
  const evidence = extras.evidence;
  if (!evidence) return undefined;
  return {
    title: '佐证材料',
    width: 88,
    render: (item, i) => {
      const id = idOf(item);
      return id ? (
        evidence('target', id, nameOf(item, `目标 ${i + 1}`))
      ) : (
        <Typography.Text type="secondary">保存后可附</Typography.Text>
      );
    },
  };
}

interface Props {
  data: unknown;
  setField: (path: string, value: unknown) => void;
  errors: Errors;
  warnings: Errors;
  disabled: boolean;
}

const list = (data: unknown, path: string): Record<string, unknown>[] => {
  const v = getPath(data, path);
  return Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
};

/** Errors under a path that no field shows (an unknown key, a wrong type for a whole object). */
function OtherErrors({
  errors,
  base,
  shown,
}: {
  errors: Errors;
  base: string;
  shown: (p: string) => boolean;
}) {
  const rest = [...errors].filter(([p]) => under(p, base) && !shown(p));
  if (!rest.length) return null;
  return (
    <Alert
      type="error"
      style={{ marginBottom: 8 }}
      title={rest.map(([p, m]) => (
        <div key={p} className="field-error" data-error-for={p}>
          {p}：{m}
        </div>
      ))}
    />
  );
}

/** Panels holding an error stay open, so the message beside the field can be seen. */
function erroredPanels(errors: Errors, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) if (errorsUnder(errors, `projects.items[${i}]`).length) out.push(String(i));
  return out;
}

/** Each second-level project: funds, targets (项目支出绩效自评表) and the evaluator's judgement. */
export function ProjectItemsForm({
  data,
  setField,
  errors,
  warnings,
  disabled,
  projects,
}: Props & { projects: ProjectScoreView[] | null }) {
  const items = list(data, 'projects.items');
  const [framework, setFramework] = useState<FrameworkResponse['framework'] | null>(null);
  useEffect(() => {
    api<FrameworkResponse>('GET', `/api/frameworks/${DEFAULT_PROJECT_FRAMEWORK}`)
      .then((r) => setFramework(r.framework))
      .catch(() => setFramework(null));
  }, []);
  // Each project's self-evaluation score, from the current (unsaved) input, scored on the server by
  // the same core the report uses; none while the input has errors.
  const tables = projects;
  const [open, setOpen] = useState<string[]>(['0']);
  const extras = useContext(ProjectExtrasContext);
  // Projects with a reviewer's comment open when the comments arrive, and the one a link asks for.
  const ids = items.map(idOf).join('\n');
  useEffect(() => {
    const keys = ids
      .split('\n')
      .flatMap((id, i) => (id && (extras.note?.(id) || extras.reveal?.id === id) ? [String(i)] : []));
    if (keys.length) setOpen((o) => [...new Set([...o, ...keys])]);
  }, [ids, extras]);
  return (
    <div>
      <Typography.Paragraph type="secondary">
        逐个二级项目填写资金（万元）、项目绩效目标的指标值与实际完成值，以及项目自评的评价人判断。
        金额为万元，保留两位小数，如 66.50。
      </Typography.Paragraph>
      {items.length === 0 ? <Empty description="尚未填写项目明细" /> : null}
      <Collapse
        className="jx-project-items"
        // Only the title toggles a panel: the header holds a 删除 button, and a button inside a
        // role="button" header is unreachable for assistive technology (axe nested-interactive).
        collapsible="header"
        activeKey={[...new Set([...open, ...erroredPanels(errors, items.length)])]}
        onChange={(k) => setOpen(Array.isArray(k) ? k : [k])}
        items={items.map((item, i) => {
          const base = `projects.items[${i}]`;
          const n = errorsUnder(errors, base).length;
          const table = tables?.[i];
          const fields = projectFields(base);
          const targets: Section = {
            id: `${base}.targets`,
            title: '项目绩效目标',
            kind: 'list',
            path: `${base}.targets`,
            itemLabel: '目标',
            columns: TARGET_COLUMNS,
          };
          const shown = (p: string) =>
            fields.some((f) => f.path === p) || under(p, `${base}.targets`) || under(p, `${base}.evaluation`);
          return {
            key: String(i),
            label: (
              <span data-testid={`project-${i}`}>
                {nameOf(item, `项目 ${i + 1}`)}
                {item.constructed === true ? (
                  <Tag style={{ marginLeft: 8 }} title="示例中为构造的数字（非报告原文）">
                    示例数据
                  </Tag>
                ) : null}
                {n ? (
                  <Tag color="red" style={{ marginLeft: 6 }}>
                    {n}
                  </Tag>
                ) : null}
                {idOf(item) && extras.note?.(idOf(item)!) ? (
                  <Tag color="orange" style={{ marginLeft: 6 }}>
                    有复核意见
                  </Tag>
                ) : null}
                {table ? (
                  <Typography.Text style={{ marginLeft: 8 }} data-testid={`project-score-${i}`}>
                    自评 <b>{table.total}</b> / {table.maxTotal} 分{table.grade ? `（${table.grade}）` : ''}
                  </Typography.Text>
                ) : null}
              </span>
            ),
            extra: (
              <Button
                size="small"
                danger
                type="link"
                disabled={disabled}
                onClick={(e) => {
                  e.stopPropagation();
                  setField(
                    'projects.items',
                    items.filter((_, j) => j !== i),
                  );
                }}
              >
                删除项目
              </Button>
            ),
            children: (
              <div data-anchor={idOf(item) ? `project:${idOf(item)}` : undefined}>
                <ProjectHead item={item} index={i} extras={extras} />
                <OtherErrors errors={errors} base={base} shown={shown} />
                {table ? <ProjectScore table={table} /> : null}
                <SectionForm
                  section={{ id: base, title: '', kind: 'fields', fields }}
                  data={data}
                  setField={setField}
                  errors={errors}
                  warnings={warnings}
                  disabled={disabled}
                />
                <Typography.Title level={5}>项目绩效目标</Typography.Title>
                <SectionForm
                  section={targets}
                  data={data}
                  setField={setField}
                  errors={errors}
                  warnings={warnings}
                  disabled={disabled}
                  rowExtra={targetEvidenceColumn(extras)}
                />
                {framework ? (
                  <div style={{ marginTop: 16 }} data-testid={`project-evaluation-${i}`}>
                    <Typography.Title level={5}>项目自评的评价人判断</Typography.Title>
                    <EvaluationEditor
                      base={`${base}.evaluation`}
                      indicators={framework.indicators}
                      data={data}
                      setField={setField}
                      errors={errors}
                      disabled={disabled}
                      intro="不填时按上面的资金和目标计分；填写判断得分时以评价人判断为准，须写明理由，并计入本项目标题处的自评得分。"
                      empty={
                        <Typography.Paragraph type="secondary">
                          {framework.name}
                          的指标都按上面的资金和目标计分；定性目标的评价人分档、得分和理由填在目标表中。
                        </Typography.Paragraph>
                      }
                    />
                  </div>
                ) : null}
              </div>
            ),
          };
        })}
      />
      <Button
        style={{ marginTop: 8 }}
        disabled={disabled}
        onClick={() => {
          setField('projects.items', [...items, {}]);
          setOpen((o) => [...o, String(items.length)]);
        }}
      >
        添加项目
      </Button>
    </div>
  );
}

/** The top of a project's panel: the reviewer's comment on it, and its 佐证材料. */
function ProjectHead({
  item,
  index,
  extras,
}: {
  item: Record<string, unknown>;
  index: number;
  extras: ProjectExtras;
}) {
  const id = idOf(item);
  const note = id ? extras.note?.(id) : null;
  if (!extras.evidence && !note) return null;
  return (
    <div style={{ marginBottom: 12 }}>
      {note}
      {extras.evidence ? (
        <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginTop: 4 }}>
          <span>项目佐证材料</span>
          {id ? (
            extras.evidence('project', id, nameOf(item, `项目 ${index + 1}`))
          ) : (
            <Typography.Text type="secondary">保存后可附</Typography.Text>
          )}
        </div>
      ) : null}
    </div>
  );
}

/** A project's score by indicator (执行率 and the target groups) and what the scoring found. */
function ProjectScore({ table }: { table: ProjectScoreView }) {
  return (
    <Alert
      type={table.findings.some((f) => f.severity === 'warning') ? 'warning' : 'info'}
      style={{ marginBottom: 12 }}
      title={
        <span>
          {table.funds
            ? `预算执行率 ${table.funds.score}/${table.funds.weight}（执行率 ${table.funds.rate ?? '—'}%），`
            : ''}
          {table.indicators.map((x) => `${x.name} ${x.score}/${x.weight}`).join('，')}
        </span>
      }
      description={
        table.findings.length ? (
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {table.findings.map((f, k) => (
              <li key={k}>{f.message}</li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}

/** The 其中 items of each fixed-asset category (already counted in the category, e.g. 车辆 in 设备). */
export function AssetIncludesForm({ data, setField, errors, warnings, disabled }: Props) {
  const fixed = list(data, 'assets.fixed');
  if (!fixed.length) return null;
  return (
    <div style={{ marginTop: 16 }}>
      <Typography.Title level={5}>其中细项（已含在所属类别中，如 设备 中的车辆）</Typography.Title>
      {fixed.map((a, i) => {
        const path = `assets.fixed[${i}].includes`;
        const name = typeof a.name === 'string' && a.name ? a.name : `第 ${i + 1} 类`;
        const has = Array.isArray(a.includes) && a.includes.length > 0;
        if (!has && !errorsUnder(errors, path).length)
          return (
            <Button
              key={i}
              size="small"
              style={{ margin: '0 8px 8px 0' }}
              disabled={disabled}
              data-testid={`add-includes-${i}`}
              onClick={() => setField(path, [{}])}
            >
              为「{name}」添加其中细项
            </Button>
          );
        return (
          <Card key={i} size="small" title={`「${name}」其中`} style={{ marginBottom: 8 }}>
            <SectionForm
              section={{
                id: path,
                title: '',
                kind: 'list',
                path,
                itemLabel: '细项',
                columns: ASSET_INCLUDE_COLUMNS,
              }}
              data={data}
              setField={setField}
              errors={errors}
              warnings={warnings}
              disabled={disabled}
            />
          </Card>
        );
      })}
    </div>
  );
}

/** 绩效运行监控（“双监控”）: one date's cumulative execution and each target's progress. */
export function MonitoringForm({ data, setField, errors, warnings, disabled }: Props) {
  const m = getPath(data, 'monitoring');
  if (!m || typeof m !== 'object')
    return (
      <Empty description="尚未填写绩效运行监控">
        <Button
          disabled={disabled}
          data-testid="add-monitoring"
          onClick={() => setField('monitoring', { targets: [] })}
        >
          填写运行监控
        </Button>
      </Empty>
    );
  const shown = (p: string) =>
    MONITORING_FIELDS.some((f) => f.path === p) ||
    MONITORING_LISTS.some((s) => s.kind === 'list' && under(p, s.path));
  return (
    <div>
      {(m as Record<string, unknown>).constructed === true ? (
        <Tag style={{ marginBottom: 8 }}>示例中为构造的数字（非报告原文）</Tag>
      ) : null}
      <OtherErrors errors={errors} base="monitoring" shown={shown} />
      <SectionForm
        section={{ id: 'monitoring', title: '', kind: 'fields', fields: MONITORING_FIELDS }}
        data={data}
        setField={setField}
        errors={errors}
        warnings={warnings}
        disabled={disabled}
      />
      {MONITORING_LISTS.map((s) => (
        <div key={s.id} style={{ marginTop: 12 }}>
          <Typography.Title level={5}>{s.title}</Typography.Title>
          <SectionForm
            section={s}
            data={data}
            setField={setField}
            errors={errors}
            warnings={warnings}
            disabled={disabled}
          />
        </div>
      ))}
      <Button
        danger
        style={{ marginTop: 16 }}
        disabled={disabled}
        onClick={() => setField('monitoring', undefined)}
      >
        删除运行监控
      </Button>
    </div>
  );
}
