/**
 * 佐证材料 in the dataset page: each level-3 indicator with its score, how many files it has (and
 * whether the framework requires one), and a panel beside it to upload (several files at once), list,
 * download and delete; the 缺少佐证材料 findings; and 下载送审材料 (the bundle .zip). The 填报人 of the
 * department uploads and deletes; a 复核人 opens the files beside the indicator.
 *
 * EvidenceAttach is that button and panel for one thing a file can be attached to (an indicator, a
 * project, a target or a 整改 item, as the API's kinds): the project panel, the target rows and the 整改
 * rows use it too. All of a page's buttons share one list per dataset (read once, read again after an
 * upload or a delete), so a form with many target rows makes one request.
 */
import { App as AntApp, Alert, Badge, Button, Drawer, Space, Table, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { EvidenceKind } from '../../../src/core/evidence/index.ts';
import type { IndicatorResult, ScoreResult } from '../../../src/core/score.ts';
import type { EvidenceListResponse, EvidenceView } from '../../../src/server/api-types.ts';
import { api, ApiError } from '../api.ts';
import type { FwNode } from '../components.tsx';

interface Leaf {
  code: string;
  name: string;
  weight: string;
  score: string | null;
}

function leaves(nodes: FwNode[], scores: Map<string, string>): Leaf[] {
  return nodes.flatMap((n) =>
    n.children?.length
      ? leaves(n.children, scores)
      : [{ code: n.code, name: n.name, weight: n.weight, score: scores.get(n.code) ?? null }],
  );
}

function scoreMap(result: ScoreResult | null): Map<string, string> {
  const m = new Map<string, string>();
  const walk = (ns: IndicatorResult[]) =>
    ns.forEach((n) => (n.children?.length ? walk(n.children) : m.set(n.code, n.score)));
  if (result) walk(result.indicators);
  return m;
}

const sizeText = (b: number) =>
  b >= 1048576 ? `${(b / 1048576).toFixed(1)} MB` : b >= 1024 ? `${(b / 1024).toFixed(1)} KB` : `${b} 字节`;

/** One dataset's evidence list, shared by every EvidenceAttach of the page. */
interface Shared {
  list: EvidenceListResponse | null;
  error: string | null;
  listeners: Set<() => void>;
  inflight: Promise<void> | null;
}
const shared = new Map<number, Shared>();

function sharedOf(datasetId: number): Shared {
  let s = shared.get(datasetId);
  if (!s) {
    s = { list: null, error: null, listeners: new Set(), inflight: null };
    shared.set(datasetId, s);
  }
  return s;
}

/** Reads the list again; every button of the dataset shows the new counts. */
function reloadEvidence(datasetId: number): Promise<void> {
  const s = sharedOf(datasetId);
  s.inflight ??= api<EvidenceListResponse>('GET', `/api/datasets/${datasetId}/evidence`)
    .then((list) => {
      s.list = list;
      s.error = null;
    })
    .catch((e: unknown) => {
      s.error = e instanceof ApiError ? e.message : '读取佐证材料失败';
    })
    .finally(() => {
      s.inflight = null;
      s.listeners.forEach((l) => l());
    });
  return s.inflight;
}

/** The dataset's evidence list (read on first use), and a reload. */
export function useEvidenceList(datasetId: number) {
  const s = sharedOf(datasetId);
  const subscribe = useCallback(
    (l: () => void) => {
      s.listeners.add(l);
      return () => s.listeners.delete(l);
    },
    [s],
  );
  const list = useSyncExternalStore(subscribe, () => s.list);
  const error = useSyncExternalStore(subscribe, () => s.error);
  useEffect(() => {
    // Read afresh when a page (or panel) using it mounts: another user may have uploaded meanwhile.
    void reloadEvidence(datasetId);
  }, [datasetId]);
  const reload = useCallback(() => reloadEvidence(datasetId), [datasetId]);
  return { list, error, reload };
}

/**
 * The 附件 button of one indicator, project, target or 整改 item (its badge counts the files), and the
 * panel it opens beside the form: upload (the 填报人), list, download, delete.
 */
export function EvidenceAttach({
  datasetId,
  kind,
  refId,
  title,
  canWrite,
  label = '附件',
  required = false,
}: {
  datasetId: number;
  kind: EvidenceKind;
  /** The indicator code or the item's id (never shown). */
  refId: string;
  /** The panel's title, e.g. “佐证材料：法律维权服务”. */
  title: string;
  canWrite: boolean;
  label?: string;
  /** The framework requires a file here (indicators): a 须附 tag, orange while none is attached. */
  required?: boolean;
}) {
  const { message, modal } = AntApp.useApp();
  const { list, reload } = useEvidenceList(datasetId);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(0);
  const files = useMemo(
    () => (list?.evidence ?? []).filter((e) => e.kind === kind && e.ref === refId),
    [list, kind, refId],
  );
  const testKey = kind === 'indicator' ? refId : `${kind}-${refId}`;

  const upload = async (file: File) => {
    setBusy((n) => n + 1);
    try {
      const q = new URLSearchParams({ kind, ref: refId, name: file.name });
      const res = await fetch(`/api/datasets/${datasetId}/evidence?${q}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: file,
      });
      const json = (await res.json().catch(() => ({}))) as { message?: string };
      if (!res.ok) message.error(json.message ?? `上传失败（${res.status}）`);
      else message.success(`已上传“${file.name}”`);
    } catch {
      message.error(`“${file.name}”上传失败：网络中断`);
    } finally {
      setBusy((n) => n - 1);
      await reload();
    }
  };

  const remove = (e: EvidenceView) =>
    modal.confirm({
      title: `删除“${e.fileName}”？`,
      content: '删除后不可恢复（操作记入修改记录）。',
      okText: '删除',
      cancelText: '取消',
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await api('POST', `/api/evidence/${e.id}/delete`, {});
          message.success('已删除');
        } catch (err) {
          message.error(err instanceof ApiError ? err.message : '删除失败');
        }
        await reload();
      },
    });

  const n = files.length;
  return (
    <>
      <Space size={4}>
        <Button
          size="small"
          onClick={() => setOpen(true)}
          data-testid={`evidence-open-${testKey}`}
          // A title, not an aria-label: the name read out must contain the text seen (axe).
          title={`${title}（${n} 个文件）`}
        >
          <Badge count={n} showZero color={n ? '#1677ff' : '#bfbfbf'} size="small" offset={[8, -2]}>
            {label}
          </Badge>
        </Button>
        {required ? <Tag color={n ? 'default' : 'orange'}>须附</Tag> : null}
      </Space>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={title}
        size="large"
        mask={false}
        destroyOnHidden
        data-testid="evidence-drawer"
      >
        {canWrite ? (
          <Upload
            multiple
            showUploadList={false}
            accept={list?.limits.accept.join(',')}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button loading={busy > 0} data-testid="evidence-upload">
              上传文件（可多选）
            </Button>
          </Upload>
        ) : null}
        <Table<EvidenceView>
          style={{ marginTop: 12 }}
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={files}
          locale={{ emptyText: '尚无佐证材料' }}
          columns={[
            {
              title: '文件',
              dataIndex: 'fileName',
              render: (name: string, e) => (
                <a href={`/api/evidence/${e.id}`} data-testid="evidence-file">
                  {name}
                </a>
              ),
            },
            { title: '大小', dataIndex: 'size', width: 90, render: sizeText },
            {
              title: '上传',
              width: 170,
              render: (_, e) =>
                `${e.uploadedByName} ${new Date(e.uploadedAt).toLocaleString('zh-CN', { hour12: false })}`,
            },
            ...(canWrite
              ? [
                  {
                    title: '',
                    width: 70,
                    render: (_: unknown, e: EvidenceView) => (
                      <Button size="small" danger onClick={() => remove(e)}>
                        删除
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Drawer>
    </>
  );
}

export function EvidencePanel({
  datasetId,
  indicators,
  result,
  canWrite,
}: {
  datasetId: number;
  indicators: FwNode[];
  result: ScoreResult | null;
  canWrite: boolean;
}) {
  const { message } = AntApp.useApp();
  const { list, error } = useEvidenceList(datasetId);
  useEffect(() => {
    if (error) message.error(error);
  }, [error, message]);
  const rows = useMemo(() => leaves(indicators, scoreMap(result)), [indicators, result]);
  const required = new Set(list?.required ?? []);
  return (
    <div data-testid="evidence-panel">
      <Space style={{ marginBottom: 12 }} wrap>
        <Button type="primary" href={`/api/datasets/${datasetId}/bundle.zip`} data-testid="bundle-download">
          下载送审材料
        </Button>
        {list ? (
          <Typography.Text type="secondary">
            本年度已用 {sizeText(list.limits.usedBytes)}，上限 {sizeText(list.limits.yearBytes)}
            ；单个文件不超过 {sizeText(list.limits.fileBytes)}
          </Typography.Text>
        ) : null}
      </Space>
      {list?.findings.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="evidence-findings"
          title={`缺少佐证材料（${list.findings.length} 项）`}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {list.findings.map((f) => (
                <li key={f.code}>{f.message}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Table<Leaf>
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '三级指标', dataIndex: 'name' },
          { title: '分值', dataIndex: 'weight', width: 70 },
          { title: '得分', dataIndex: 'score', width: 70, render: (s: string | null) => s ?? '—' },
          {
            title: '佐证材料',
            width: 200,
            render: (_, r) => (
              <EvidenceAttach
                datasetId={datasetId}
                kind="indicator"
                refId={r.code}
                title={`佐证材料：${r.name}`}
                canWrite={canWrite}
                required={required.has(r.code)}
              />
            ),
          },
        ]}
      />
    </div>
  );
}
