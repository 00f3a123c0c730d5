/**
 * 佐证材料 in the dataset page: each level-3 indicator with its score, how many files it has (and
 * whether the framework requires one), and a panel beside it to upload (several files at once), list,
 * download and delete; the 缺少佐证材料 findings; and 下载送审材料 (the bundle .zip). The 填报人 of the
 * department uploads and deletes; a 复核人 opens the files beside the indicator.
 */
import { App as AntApp, Alert, Badge, Button, Drawer, Space, Table, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
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
  const { message, modal } = AntApp.useApp();
  const [list, setList] = useState<EvidenceListResponse | null>(null);
  const [open, setOpen] = useState<Leaf | null>(null);
  const [busy, setBusy] = useState(0);

  const reload = useCallback(async () => {
    try {
      setList(await api<EvidenceListResponse>('GET', `/api/datasets/${datasetId}/evidence`));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '读取佐证材料失败');
    }
  }, [datasetId, message]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const rows = useMemo(() => leaves(indicators, scoreMap(result)), [indicators, result]);
  const byIndicator = useMemo(() => {
    const m = new Map<string, EvidenceView[]>();
    for (const e of list?.evidence ?? [])
      if (e.kind === 'indicator') m.set(e.ref, [...(m.get(e.ref) ?? []), e]);
    return m;
  }, [list]);
  const required = new Set(list?.required ?? []);

  const upload = async (leaf: Leaf, file: File) => {
    setBusy((n) => n + 1);
    try {
      const q = new URLSearchParams({ kind: 'indicator', ref: leaf.code, name: file.name });
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

  const files = open ? (byIndicator.get(open.code) ?? []) : [];
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
            render: (_, r) => {
              const n = byIndicator.get(r.code)?.length ?? 0;
              return (
                <Space>
                  <Button size="small" onClick={() => setOpen(r)} data-testid={`evidence-open-${r.code}`}>
                    <Badge count={n} showZero color={n ? '#1677ff' : '#bfbfbf'} size="small" offset={[8, -2]}>
                      附件
                    </Badge>
                  </Button>
                  {required.has(r.code) ? <Tag color={n ? 'default' : 'orange'}>须附</Tag> : null}
                </Space>
              );
            },
          },
        ]}
      />
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        title={open ? `佐证材料：${open.name}` : ''}
        size="large"
        mask={false}
        data-testid="evidence-drawer"
      >
        {canWrite && open ? (
          <Upload
            multiple
            showUploadList={false}
            accept={list?.limits.accept.join(',')}
            beforeUpload={(file) => {
              void upload(open, file);
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
              render: (n: string, e) => (
                <a href={`/api/evidence/${e.id}`} data-testid="evidence-file">
                  {n}
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
    </div>
  );
}
