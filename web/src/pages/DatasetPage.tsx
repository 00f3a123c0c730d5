/**
 * One department-year: the data-entry form by section, the live score panel (the score moves as the
 * user types), narrative editors, charts, year-over-year, audit, review, workbook and report.
 * Unsaved input is kept in localStorage and restored after a reload. A save based on an old version
 * is merged per field on the server; only fields both people changed come back, and the conflict
 * dialog lets the user pick per field. A workbook without a record of its origin is imported only
 * after the user confirms the list of everything it would change.
 */
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { RectificationTab } from '../cycle/rectification.tsx';
import { fieldPathLabel } from '../../../src/core/labels.ts';
import {
  SECTIONS,
  frameworkFieldSections,
  frameworkFieldsOf,
  setPath,
  type FrameworkFieldLike,
  type Section,
} from '../../../src/core/dataset/sections.ts';
import {
  api,
  ApiError,
  when,
  type AuditRow,
  type ConflictView,
  type DatasetMeta,
  type DatasetResponse,
  type Evaluation,
  type FieldError,
  type Finding,
  type HistoryResponse,
  type HistoryYear,
  type Review,
  type SaveResponse,
  type ScoreResult,
} from '../api.ts';
import { go, type Me } from '../App.tsx';
import { ChartPlaceholder, ServerChart, useDatasetCharts } from '../charts.tsx';
import {
  EvaluationEditor,
  NarrativeEditor,
  ScorePanel,
  ScoreTree,
  SectionForm,
  type Errors,
  type FwNode,
} from '../components.tsx';
import {
  noteKey,
  ReviewComments,
  ReviewItemsPanel,
  ReviewNote,
  useReviewItems,
  useReviewNotes,
  type ReviewNotes,
} from '../cycle/review.tsx';
import { EvidenceAttach, EvidencePanel } from '../cycle/evidence.tsx';
import type { ReviewItemView } from '../../../src/core/review/views.ts';
import {
  AssetIncludesForm,
  MORE_SECTIONS,
  MonitoringForm,
  ProjectExtrasContext,
  ProjectItemsForm,
  targetEvidenceColumn,
  type ProjectExtras,
} from '../more-sections.tsx';
import { SubmissionBar, useSubmission } from '../cycle/submission.tsx';

type Loaded = DatasetResponse;

/** A field both sides changed, as the server labels it (one declaration, in src/server/api-types.ts). */
type ConflictField = ConflictView;

interface Conflict {
  message: string;
  base: { version: number };
  mine: { version: number; data: Record<string, unknown> };
  current: DatasetMeta;
  conflicts: ConflictField[];
}

/** A hand-made workbook's changes, waiting for the user's confirmation. */
interface WorkbookConfirm {
  message: string;
  file: string;
  version: number;
  changes: { label: string; before: string; after: string; sheet?: string; cell?: string }[];
}

const draftKey = (id: number) => `jixiao:draft:${id}`;
const show = (v: unknown) =>
  v === undefined || v === null ? '（空）' : typeof v === 'object' ? JSON.stringify(v) : String(v);

const NO_NOTES: ReviewNotes = new Map();

/** Scrolls to an element once it is on the page (a tab or panel opening renders it a moment later). */
function scrollToAnchor(anchor: string, tries = 30) {
  const el = document.querySelector<HTMLElement>(`[data-anchor="${CSS.escape(anchor)}"]`);
  if (!el) {
    if (tries > 0) setTimeout(() => scrollToAnchor(anchor, tries - 1), 100);
    return;
  }
  // A project's panel is taller than the screen: its top (the comment) first, below its header.
  el.style.scrollMarginTop = '72px';
  el.scrollIntoView({ block: anchor.startsWith('project:') ? 'start' : 'center' });
  el.style.outline = '2px solid #fa8c16';
  setTimeout(() => (el.style.outline = ''), 2000);
}

export function DatasetPage({ id, me }: { id: number; me: Me }) {
  const { message, modal } = AntApp.useApp();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [notFound, setNotFound] = useState<string | null>(null);
  const [data, setData] = useState<Record<string, unknown> | null>(null);
  const [evaluation, setEvaluation] = useState<Evaluation | null>(null);
  const [lastGood, setLastGood] = useState<ScoreResult | null>(null);
  const [pending, setPending] = useState(false);
  const [restored, setRestored] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [picks, setPicks] = useState<Record<string, 'mine' | 'theirs'>>({});
  const [confirmWb, setConfirmWb] = useState<WorkbookConfirm | null>(null);
  const [mergedNote, setMergedNote] = useState<string | null>(null);
  const [uploadErrors, setUploadErrors] = useState<FieldError[] | null>(null);
  const [tab, setTab] = useState('entry');
  const submission = useSubmission(id);
  const [section, setSection] = useState(SECTIONS[0]!.id);
  // The reviewer's comments: in a card beside the score, and, once the submission was returned, beside
  // the indicator or project each concerns.
  const review = useReviewItems(id, loaded?.dataset.version ?? 0);
  const allNotes = useReviewNotes(review.view);
  const notes = submission.sub?.state === 'returned' ? allNotes : NO_NOTES;
  const noteFor = useCallback(
    (kind: ReviewItemView['kind'], ref: string) => {
      const item = notes.get(noteKey(kind, ref));
      return item ? <ReviewNote item={item} /> : null;
    },
    [notes],
  );
  const [reveal, setReveal] = useState<ProjectExtras['reveal']>(null);
  const canAttach = !!loaded?.can.write && !submission.frozen;
  const projectExtras = useMemo(
    (): ProjectExtras => ({
      evidence: (kind, ref, name) => (
        <EvidenceAttach
          datasetId={id}
          kind={kind}
          refId={ref}
          title={`佐证材料：${name}`}
          canWrite={canAttach}
        />
      ),
      note: (ref) => noteFor('project', ref),
      reveal,
    }),
    [id, canAttach, noteFor, reveal],
  );
  /** Shows the indicator (评分明细) or the project (项目明细) a review comment concerns. */
  const gotoReview = (item: ReviewItemView) => {
    if (item.kind === 'project') {
      setTab('entry');
      setSection('projectItems');
      setReveal((r) => ({ id: item.ref, n: (r?.n ?? 0) + 1 }));
    } else setTab('detail');
    scrollToAnchor(noteKey(item.kind, item.ref));
  };
  /** Opens the tab and section holding a field path and focuses the field. */
  const gotoField = (path: string) => {
    const id = sectionOf(path, figureSections);
    if (id) {
      setTab('entry');
      setSection(id);
    } else if (path.startsWith('narrative.') || path.startsWith('measures.')) setTab('narrative');
    else if (path.startsWith('evaluation.')) setTab('evaluation');
    else return;
    setTimeout(() => {
      const el = document.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`);
      el?.scrollIntoView({ block: 'center' });
      el?.focus();
    }, 100);
  };
  const seq = useRef(0);
  const [framework, setFramework] = useState<FwNode[] | null>(null);
  // The framework's own fields (dataset `figures`): a section of the form, after the shared ones.
  const [figureSections, setFigureSections] = useState<Section[]>([]);
  const frameworkId = loaded?.dataset.frameworkId;
  useEffect(() => {
    if (!frameworkId) return;
    void api<{ framework: { indicators: FwNode[]; fields?: FrameworkFieldLike[] } }>(
      'GET',
      `/api/frameworks/${frameworkId}`,
    ).then((r) => {
      setFramework(r.framework.indicators);
      setFigureSections(frameworkFieldSections(frameworkFieldsOf(r.framework)));
    });
  }, [frameworkId]);

  const applyServer = useCallback((l: Loaded) => {
    setLoaded(l);
    setEvaluation(l.evaluation);
    if (l.evaluation.ok) setLastGood(l.evaluation.result);
  }, []);

  const load = useCallback(async () => {
    try {
      const l = await api<Loaded>('GET', `/api/datasets/${id}`);
      applyServer(l);
      const draft = localStorage.getItem(draftKey(id));
      if (draft && l.can.write) {
        const d = JSON.parse(draft) as { baseVersion: number; data: Record<string, unknown> };
        if (JSON.stringify(d.data) !== JSON.stringify(l.data)) {
          setData(d.data);
          setRestored(true);
          setDirty(true);
          setLoaded({ ...l, dataset: { ...l.dataset, version: d.baseVersion } });
          return;
        }
        localStorage.removeItem(draftKey(id));
      }
      setData(l.data);
    } catch (e) {
      setNotFound(e instanceof ApiError ? e.message : '加载失败');
    }
  }, [id, applyServer]);

  useEffect(() => {
    void load();
  }, [load]);

  // Live score: re-score the unsaved input on the server a moment after each change.
  useEffect(() => {
    if (!data || !dirty) {
      seq.current++; // a score request still in flight no longer applies
      setPending(false);
      return;
    }
    const mine = ++seq.current;
    setPending(true);
    const t = setTimeout(async () => {
      try {
        const ev = await api<Evaluation>('POST', `/api/datasets/${id}/score`, { data });
        if (mine !== seq.current) return;
        setEvaluation(ev);
        if (ev.ok) setLastGood(ev.result);
      } catch {
        /* the next change retries */
      } finally {
        if (mine === seq.current) setPending(false);
      }
    }, 250);
    return () => clearTimeout(t);
  }, [data, dirty, id]);

  const setField = useCallback(
    (path: string, value: unknown) => {
      setData((d) => {
        const next = setPath(d ?? {}, path, value);
        if (loaded)
          localStorage.setItem(
            draftKey(id),
            JSON.stringify({ baseVersion: loaded.dataset.version, data: next }),
          );
        return next;
      });
      setDirty(true);
    },
    [id, loaded],
  );

  const errors: Errors = useMemo(() => {
    const m = new Map<string, string>();
    if (evaluation && !evaluation.ok)
      for (const e of evaluation.errors) if (!m.has(e.path)) m.set(e.path, e.message);
    return m;
  }, [evaluation]);

  const warnings: Errors = useMemo(() => {
    const m = new Map<string, string>();
    const findings = evaluation?.ok ? evaluation.findings : null;
    for (const r of evaluation?.redate ?? []) m.set(r.path, r.message);
    for (const f of findings ?? []) if (f.path && !m.has(f.path)) m.set(f.path, f.message);
    return m;
  }, [evaluation]);

  const afterSave = (r: SaveResponse, what: string) => {
    localStorage.removeItem(draftKey(id));
    const note = r.kept.length
      ? `已合并他人同时所做的 ${r.kept.length} 处修改（未被覆盖）：${r.kept.join('；')}`
      : null;
    setMergedNote(note);
    const draft = !r.evaluation.ok && r.evaluation.unfilled ? '；尚未填报完整，暂不评分' : '';
    message.success(
      `${what}第 ${r.dataset.version} 版（${r.changes} 处修改）${draft}${note ? '；' + note : ''}`,
    );
    setLoaded((l) => (l ? { ...l, dataset: r.dataset, data: r.data, evaluation: r.evaluation } : l));
    setData(r.data);
    setEvaluation(r.evaluation);
    if (r.evaluation.ok) setLastGood(r.evaluation.result);
    setDirty(false);
    setRestored(false);
    setConflict(null);
    setPicks({});
    setConfirmWb(null);
  };

  const showConflict = (e: ApiError) => {
    setPicks({});
    setConflict({ message: e.message, ...(e.body as unknown as Omit<Conflict, 'message'>) });
  };

  const save = async (
    version?: number,
    payload?: Record<string, unknown>,
    chosen?: Record<string, 'mine' | 'theirs'>,
  ) => {
    if (!loaded || !data) return;
    setSaving(true);
    try {
      const r = await api<SaveResponse>('PUT', `/api/datasets/${id}`, {
        version: version ?? loaded.dataset.version,
        data: payload ?? data,
        ...(chosen ? { picks: chosen } : {}),
      });
      afterSave(r, '已保存为');
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.code === 'conflict') showConflict(e);
      else if (e instanceof ApiError && e.status === 422) {
        setEvaluation({
          ok: false,
          errors: (e.body.errors as FieldError[]) ?? [],
          unfilled: false,
          redate: [],
        });
        message.error(e.message);
      } else message.error(e instanceof ApiError ? e.message : '保存失败');
    } finally {
      setSaving(false);
    }
  };

  /**
   * Saving data whose check finds errors (severity error) asks first, naming each; the findings are
   * those of exactly the input being saved (scored on the server now, not the last debounced result).
   */
  const confirmThenSave = async () => {
    if (!data) return;
    let findings: Finding[] = [];
    try {
      const ev = await api<Evaluation>('POST', `/api/datasets/${id}/score`, { data });
      if (ev.ok) findings = (ev.findings ?? []).filter((f) => f.severity === 'error');
    } catch {
      findings = [];
    }
    if (findings.length === 0) return save();
    modal.confirm({
      title: `数据核对发现 ${findings.length} 处错误，仍要保存吗？`,
      width: 640,
      okText: '仍然保存',
      cancelText: '返回修改',
      content: (
        <ul data-testid="save-confirm-findings" style={{ paddingLeft: 18, maxHeight: 320, overflow: 'auto' }}>
          {findings.map((f, i) => (
            <li key={i}>{f.message}</li>
          ))}
        </ul>
      ),
      onOk: () => save(),
    });
  };

  const discard = () => {
    if (!loaded) return;
    localStorage.removeItem(draftKey(id));
    setRestored(false);
    setDirty(false);
    void load();
  };

  const sendWorkbook = async (file: string, confirm?: number) => {
    setUploadErrors(null);
    try {
      const r = await api<SaveResponse>('POST', `/api/datasets/${id}/workbook`, {
        file,
        ...(confirm !== undefined ? { confirm } : {}),
      });
      afterSave(r, '工作簿已导入，');
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && Array.isArray(e.body.errors)) {
        setConfirmWb(null);
        setUploadErrors(e.body.errors as FieldError[]);
      } else if (e instanceof ApiError && e.status === 409 && e.code === 'confirm_workbook')
        setConfirmWb({
          message: e.message,
          file,
          version: e.body.version as number,
          changes: e.body.changes as WorkbookConfirm['changes'],
        });
      else if (e instanceof ApiError && e.status === 409 && e.code === 'conflict') {
        setConfirmWb(null);
        showConflict(e);
      } else message.error(e instanceof ApiError ? e.message : '上传失败');
    }
  };

  const upload = async (file: File) => {
    if (!loaded) return false;
    const buf = new Uint8Array(await file.arrayBuffer());
    let bin = '';
    for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
    await sendWorkbook(btoa(bin));
    return false;
  };

  if (notFound)
    return (
      <Alert
        type="error"
        data-testid="not-found"
        showIcon
        title={notFound}
        action={<Button onClick={() => go('/')}>返回</Button>}
      />
    );
  if (!loaded || !data) return <Card loading />;
  const ds = loaded.dataset;
  // Submitted, under review or passed: frozen (the submission bar says why).
  const readOnly = !loaded.can.write || submission.frozen;
  const result = evaluation?.ok ? evaluation.result : lastGood;

  return (
    <div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="dataset-title">
              {ds.departmentName} · {ds.year} 年度
            </Typography.Title>
            <Tag>第 {ds.version} 版</Tag>
            <Typography.Text type="secondary">
              {ds.updatedBy ?? ''} 保存于 {when(ds.updatedAt)}
            </Typography.Text>
            {dirty ? <Tag color="orange">有未保存的修改</Tag> : null}
            {readOnly ? <Tag>只读</Tag> : null}
          </Space>
          <Space wrap>
            {!readOnly ? (
              <Button
                type="primary"
                onClick={() => void confirmThenSave()}
                loading={saving}
                disabled={!dirty}
                data-testid="save"
              >
                保存
              </Button>
            ) : null}
            <Button href={`/api/datasets/${id}/workbook.xlsx`} data-testid="download-workbook">
              下载填报工作簿
            </Button>
            {!readOnly ? (
              <Upload accept=".xlsx" showUploadList={false} beforeUpload={(f) => upload(f)}>
                <Button data-testid="upload-workbook">上传工作簿</Button>
              </Upload>
            ) : null}
            <Button
              href={me.features.report ? `/api/datasets/${id}/report.docx` : undefined}
              disabled={!me.features.report}
              data-testid="download-report"
              title={me.features.report ? '' : '报告生成模块尚未提供'}
            >
              下载报告（.docx）
            </Button>
            <Button href={`/api/datasets/${id}/report.pdf`} data-testid="download-pdf">
              PDF
            </Button>
          </Space>
        </Space>
        <SubmissionBar id={id} sub={submission.sub} reload={submission.reload} />
        {evaluation?.redate?.length ? (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            data-testid="redate-targets"
            title={`${evaluation.redate.length} 个绩效目标沿用自 ${evaluation.redate[0]!.carriedFrom} 年，仍写着上年的日期或年份，请在“绩效目标”中改为 ${ds.year} 年：${evaluation.redate.map((r) => r.name).join('、')}`}
          />
        ) : null}
        {restored ? (
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            data-testid="restored"
            title="已恢复您上次未保存的输入（保存在本浏览器中）。"
            action={
              <Button size="small" onClick={discard}>
                放弃这些输入
              </Button>
            }
          />
        ) : null}
        {mergedNote ? (
          <Alert
            style={{ marginTop: 12 }}
            type="success"
            showIcon
            closable
            onClose={() => setMergedNote(null)}
            data-testid="merged-note"
            title={mergedNote}
          />
        ) : null}
        {uploadErrors ? (
          <Alert
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            closable
            onClose={() => setUploadErrors(null)}
            data-testid="workbook-errors"
            title={`工作簿有 ${uploadErrors.length} 处错误，未做任何修改：`}
            description={
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {uploadErrors.slice(0, 30).map((e, i) => (
                  <li key={i}>
                    {e.sheet ? `工作表「${e.sheet}」${e.cell ? ` 单元格 ${e.cell}` : ''}：` : ''}
                    {e.message}
                  </li>
                ))}
              </ul>
            }
          />
        ) : null}
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Card size="small">
            <Tabs
              activeKey={tab}
              onChange={setTab}
              items={[
                {
                  key: 'entry',
                  label: '数据填报',
                  children: (
                    <Tabs
                      tabPlacement="start"
                      activeKey={section}
                      onChange={setSection}
                      items={[...SECTIONS, ...figureSections, ...MORE_SECTIONS].map((s) => {
                        const n = [...errors.keys()].filter(
                          (p) => sectionOf(p, figureSections) === s.id,
                        ).length;
                        const props = { data, setField, errors, warnings, disabled: readOnly };
                        return {
                          key: s.id,
                          label: (
                            <span data-testid={`section-${s.id}`}>
                              {s.title}
                              {n ? (
                                <Tag color="red" style={{ marginLeft: 6 }}>
                                  {n}
                                </Tag>
                              ) : null}
                            </span>
                          ),
                          children:
                            s.id === 'projectItems' ? (
                              <ProjectExtrasContext.Provider value={projectExtras}>
                                <ProjectItemsForm
                                  {...props}
                                  projects={evaluation?.ok ? evaluation.projects : null}
                                />
                              </ProjectExtrasContext.Provider>
                            ) : s.id === 'monitoring' ? (
                              <MonitoringForm {...props} />
                            ) : 'kind' in s ? (
                              <>
                                <SectionForm
                                  section={s}
                                  {...props}
                                  rowExtra={
                                    s.id === 'targets' ? targetEvidenceColumn(projectExtras) : undefined
                                  }
                                />
                                {s.id === 'assets' ? <AssetIncludesForm {...props} /> : null}
                              </>
                            ) : null,
                        };
                      })}
                    />
                  ),
                },
                {
                  key: 'evaluation',
                  label: '评价判断',
                  children: framework ? (
                    <EvaluationEditor
                      indicators={framework}
                      data={data}
                      setField={setField}
                      errors={errors}
                      disabled={readOnly}
                      noteFor={(code) => noteFor('indicator', code)}
                    />
                  ) : null,
                },
                {
                  key: 'narrative',
                  label: '叙述与整改',
                  children: (
                    <>
                      <NarrativeEditor
                        data={data}
                        setField={setField}
                        errors={errors}
                        disabled={readOnly}
                        result={result}
                      />
                      {/* 整改台账 beside the 改进措施 (no tab of its own: the tab bar is full at 1024 px). */}
                      {tab === 'narrative' ? <RectificationTab id={id} canEdit={loaded.can.write} /> : null}
                    </>
                  ),
                },
                {
                  key: 'detail',
                  label: '评分明细',
                  children: result ? (
                    <div>
                      <DetailCharts id={id} data={data} shown={tab === 'detail'} />
                      <ScoreTree result={result} noteFor={(code) => noteFor('indicator', code)} />
                      {/* 佐证材料 (issue 16) beside each indicator's score; read when this tab opens
                          (a tab of its own overflowed the tab bar at 1024 px). */}
                      {tab === 'detail' && framework ? (
                        <>
                          <Typography.Title level={5} style={{ marginTop: 16 }}>
                            佐证材料
                          </Typography.Title>
                          <EvidencePanel
                            datasetId={id}
                            indicators={framework}
                            result={result}
                            canWrite={!readOnly}
                          />
                        </>
                      ) : null}
                    </div>
                  ) : null,
                },
                {
                  key: 'report',
                  label: '报告预览',
                  children: tab === 'report' ? <ReportPreview id={id} data={data} /> : null,
                },
                { key: 'history', label: '历年对比', children: <History id={id} /> },
                { key: 'audit', label: '修改记录', children: <Audit id={id} version={ds.version} /> },
                {
                  key: 'review',
                  label: '复核',
                  children: (
                    <>
                      <ReviewItemsPanel id={id} version={ds.version} />
                      <Typography.Title level={5} style={{ marginTop: 16 }}>
                        总分复核记录
                      </Typography.Title>
                      <Reviews
                        id={id}
                        version={ds.version}
                        can={loaded.can.review}
                        initial={loaded.reviews}
                        selfScore={ds.selfScore}
                      />
                    </>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card
            size="small"
            title="评分"
            className="jx-score-panel"
            style={{ position: 'sticky', top: 16 }}
            data-testid="score-panel"
          >
            <ScorePanel
              evaluation={evaluation}
              stale={lastGood}
              pending={pending}
              findingsEnabled={me.features.findings}
              onGoto={gotoField}
            />
            <ReviewComments view={review.view} notes={allNotes} onGoto={gotoReview} />
          </Card>
        </Col>
      </Row>
      <Modal
        open={conflict !== null}
        title="保存冲突：以下字段您和他人都改了"
        width={1000}
        onCancel={() => setConflict(null)}
        footer={
          conflict
            ? [
                <Button
                  key="theirs"
                  onClick={() => {
                    localStorage.removeItem(draftKey(id));
                    setConflict(null);
                    setDirty(false);
                    setRestored(false);
                    void load();
                  }}
                >
                  放弃我的全部修改，载入第 {conflict.current.version} 版
                </Button>,
                <Button
                  key="save"
                  type="primary"
                  data-testid="conflict-save"
                  disabled={conflict.conflicts.some((c) => !picks[c.path])}
                  loading={saving}
                  onClick={() => save(conflict.mine.version, conflict.mine.data, picks)}
                >
                  按所选保存
                </Button>,
              ]
            : null
        }
      >
        {conflict ? (
          <div data-testid="conflict">
            <Alert type="warning" showIcon title={conflict.message} style={{ marginBottom: 12 }} />
            <Space style={{ marginBottom: 8 }}>
              <Button
                size="small"
                onClick={() =>
                  setPicks(Object.fromEntries(conflict.conflicts.map((c) => [c.path, 'mine' as const])))
                }
              >
                全部用我的
              </Button>
              <Button
                size="small"
                onClick={() =>
                  setPicks(Object.fromEntries(conflict.conflicts.map((c) => [c.path, 'theirs' as const])))
                }
              >
                全部用他人的
              </Button>
            </Space>
            <Table<ConflictField>
              size="small"
              rowKey="path"
              pagination={{ pageSize: 10 }}
              dataSource={conflict.conflicts}
              columns={[
                {
                  title: '字段',
                  render: (_, c) => (
                    <span>
                      {c.label}
                      {c.sheet ? (
                        <Typography.Text type="secondary">
                          <br />
                          工作表「{c.sheet}」单元格 {c.cell}
                        </Typography.Text>
                      ) : null}
                    </span>
                  ),
                },
                { title: `原值（第 ${conflict.base.version} 版）`, dataIndex: 'base' },
                {
                  title: '他人的值',
                  render: (_, c) => (
                    <span>
                      {c.theirs}
                      <Typography.Text type="secondary">
                        <br />
                        {c.by} {when(c.at)}
                      </Typography.Text>
                    </span>
                  ),
                },
                { title: '我的值', dataIndex: 'mine' },
                {
                  title: '保留',
                  width: 190,
                  render: (_, c, i) => (
                    <Radio.Group
                      data-testid={`pick-${i}`}
                      value={picks[c.path]}
                      onChange={(e) =>
                        setPicks((p) => ({ ...p, [c.path]: e.target.value as 'mine' | 'theirs' }))
                      }
                      options={[
                        { value: 'theirs', label: '他人的' },
                        { value: 'mine', label: '我的' },
                      ]}
                    />
                  ),
                },
              ]}
            />
          </div>
        ) : null}
      </Modal>
      <Modal
        open={confirmWb !== null}
        title="确认导入工作簿"
        width={900}
        onCancel={() => setConfirmWb(null)}
        footer={
          confirmWb
            ? [
                <Button key="cancel" onClick={() => setConfirmWb(null)}>
                  取消，不导入
                </Button>,
                <Button
                  key="ok"
                  type="primary"
                  data-testid="confirm-workbook"
                  onClick={() => sendWorkbook(confirmWb.file, confirmWb.version)}
                >
                  确认导入这 {confirmWb.changes.length} 处修改
                </Button>,
              ]
            : null
        }
      >
        {confirmWb ? (
          <div data-testid="workbook-confirm">
            <Alert type="warning" showIcon title={confirmWb.message} style={{ marginBottom: 12 }} />
            <Table
              size="small"
              rowKey={(_, i) => String(i)}
              pagination={{ pageSize: 10 }}
              dataSource={confirmWb.changes}
              columns={[
                { title: '字段', dataIndex: 'label' },
                { title: '原值', dataIndex: 'before' },
                { title: '新值', dataIndex: 'after' },
                {
                  title: '位置',
                  render: (_, c) =>
                    c.sheet ? `工作表「${c.sheet}」${c.cell ? ` 单元格 ${c.cell}` : ''}` : '',
                },
              ]}
            />
          </div>
        ) : null}
      </Modal>
    </div>
  );
}

function sectionOf(path: string, extra: Section[] = []): string | undefined {
  for (const s of MORE_SECTIONS) if (s.owns(path)) return s.id;
  for (const s of [...SECTIONS, ...extra]) {
    if (s.kind === 'list' && (path === s.path || path.startsWith(s.path + '['))) return s.id;
    if (s.kind === 'fields' && s.fields.some((f) => f.path === path)) return s.id;
  }
  return undefined;
}

function ReportPreview({ id, data }: { id: number; data: Record<string, unknown> }) {
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(async () => {
      try {
        const r = await api<{ html: string }>('POST', `/api/datasets/${id}/report-preview`, { data });
        setHtml(r.html);
        setError(null);
      } catch (e) {
        setError(e instanceof ApiError ? e.message : '预览失败');
      }
    }, 400);
    return () => clearTimeout(t);
  }, [id, data]);
  return (
    <div data-testid="report-preview">
      {error ? <Alert type="warning" showIcon title={error} style={{ marginBottom: 8 }} /> : null}
      {html === null ? (
        <Card loading />
      ) : (
        <iframe
          title="报告预览"
          sandbox=""
          srcDoc={html}
          style={{ width: '100%', height: '75vh', border: '1px solid #eee', background: '#fff' }}
        />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        预览按当前（含未保存的）输入生成；下载的 .docx / PDF 按已保存的版本生成。
      </Typography.Paragraph>
    </div>
  );
}

/** The 评分明细 charts: the report's two charts of the input on screen, side by side from 1200 px. */
function DetailCharts({ id, data, shown }: { id: number; data: unknown; shown: boolean }) {
  const charts = useDatasetCharts(id, data, shown);
  return (
    <Row gutter={16}>
      {(charts ?? [null, null]).map((c, i) => (
        <Col xs={24} xl={12} key={c?.id ?? i}>
          {c ? <ServerChart chart={c} /> : <ChartPlaceholder />}
        </Col>
      ))}
    </Row>
  );
}

function History({ id }: { id: number }) {
  const [history, setHistory] = useState<HistoryResponse | null>(null);
  useEffect(() => {
    void api<HistoryResponse>('GET', `/api/datasets/${id}/history`).then(setHistory);
  }, [id]);
  if (!history) return <Card loading />;
  const { years, chart } = history;
  const codes = years[years.length - 1]?.level2 ?? [];
  return (
    <div>
      <div style={{ maxWidth: 640 }}>
        <ServerChart chart={chart} />
      </div>
      <Table
        size="small"
        rowKey="year"
        pagination={false}
        dataSource={years}
        scroll={{ x: true }}
        columns={[
          {
            title: '年度',
            dataIndex: 'year',
            render: (y: number, r) => <a href={`#/datasets/${r.id}`}>{y}</a>,
          },
          { title: '自评得分', dataIndex: 'selfScore' },
          { title: '等级', dataIndex: 'grade' },
          {
            title: '复核得分',
            dataIndex: 'reviewScore',
            render: (v: string | null, y) =>
              y.reviewStale ? (
                <span>
                  {v} <Tag color="orange">{y.reviewStale}</Tag>
                </span>
              ) : (
                (v ?? '—')
              ),
          },
          { title: '调整预算（万元）', render: (_, r) => r.figures?.adjustedBudget ?? '—' },
          { title: '执行数（万元）', render: (_, r) => r.figures?.executed ?? '—' },
          { title: '执行率（%）', render: (_, r) => r.figures?.executionRate ?? '—' },
          { title: '满意度', render: (_, r) => r.figures?.satisfaction ?? '—' },
          ...codes.map((c) => ({
            title: `${c.name}（${c.weight}）`,
            render: (_: unknown, r: HistoryYear) => r.level2.find((x) => x.code === c.code)?.score ?? '—',
          })),
        ]}
      />
    </div>
  );
}

function Audit({ id, version }: { id: number; version: number }) {
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  useEffect(() => {
    void api<{ audit: AuditRow[] }>('GET', `/api/datasets/${id}/audit`).then((r) => setRows(r.audit));
  }, [id, version]);
  return (
    <Table<AuditRow>
      size="small"
      rowKey="id"
      loading={!rows}
      dataSource={rows ?? []}
      data-testid="audit"
      columns={[
        { title: '时间', dataIndex: 'at', render: when, width: 170 },
        { title: '修改人', dataIndex: 'username', width: 110 },
        { title: '版本', dataIndex: 'version', width: 60 },
        { title: '操作', dataIndex: 'action', width: 90 },
        { title: '字段', dataIndex: 'path', render: (p: string) => fieldPathLabel(p) },
        { title: '原值', dataIndex: 'oldValue', render: show },
        { title: '新值', dataIndex: 'newValue', render: show },
      ]}
    />
  );
}

function Reviews({
  id,
  version,
  can,
  initial,
  selfScore,
}: {
  id: number;
  /** The dataset's version: a save makes earlier reviews stale, so they are read again. */
  version: number;
  can: boolean;
  initial: Review[];
  selfScore: string | null;
}) {
  const { message } = AntApp.useApp();
  const [reviews, setReviews] = useState(initial);
  // Read again when shown and after each save: the notes depend on the dataset's current version.
  useEffect(() => {
    void api<{ reviews: Review[] }>('GET', `/api/datasets/${id}/reviews`).then((r) => setReviews(r.reviews));
  }, [id, version]);
  const [form] = Form.useForm<{ score: string; reason: string }>();
  const submit = async (v: { score: string; reason: string }) => {
    try {
      const r = await api<{ reviews: Review[] }>('POST', `/api/datasets/${id}/reviews`, v);
      setReviews(r.reviews);
      form.resetFields();
      message.success('复核得分已记录（自评得分不变）');
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '记录失败');
    }
  };
  const latest = reviews[reviews.length - 1];
  return (
    <div>
      <Typography.Paragraph>
        自评得分：<b>{selfScore ?? '—'}</b>。复核得分与理由另行记录，不覆盖自评得分。
      </Typography.Paragraph>
      {latest?.staleNote ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="review-stale"
          message={latest.staleNote}
          description="最近一次复核针对的是修改前的数据，其复核得分不作为当前得分；请复核人重新复核。"
        />
      ) : null}
      <Table<Review>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={reviews}
        locale={{ emptyText: '尚无复核记录' }}
        columns={[
          { title: '时间', dataIndex: 'at', render: when },
          { title: '复核人', dataIndex: 'reviewer' },
          { title: '复核得分', dataIndex: 'score' },
          { title: '复核的版本', dataIndex: 'datasetVersion', render: (v: number) => `第 ${v} 版` },
          { title: '当时自评得分', dataIndex: 'selfScore' },
          { title: '理由', dataIndex: 'reason' },
          {
            title: '说明',
            dataIndex: 'staleNote',
            render: (v: string | null) => (v ? <Tag color="orange">{v}</Tag> : ''),
          },
        ]}
      />
      {can ? (
        <Form form={form} layout="inline" onFinish={submit} style={{ marginTop: 16 }}>
          <Form.Item
            name="score"
            label="复核得分"
            rules={[{ required: true, pattern: /^\d{1,3}(\.\d{1,2})?$/, message: '如 92.50' }]}
          >
            <Input style={{ width: 100 }} data-testid="review-score" />
          </Form.Item>
          <Form.Item name="reason" label="理由" rules={[{ required: true, message: '请写明复核理由' }]}>
            <Input.TextArea style={{ width: 360 }} autoSize data-testid="review-reason" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            记录复核
          </Button>
        </Form>
      ) : null}
    </div>
  );
}
