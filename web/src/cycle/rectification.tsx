/**
 * 整改: the dataset page's tab (this year's items, generated from the points lost, and those carried
 * from the year before; each edited in a dialog, each with its 完成佐证 files) and the bureau's list of
 * overdue items. Each item's 整改措施 takes a full-width line under its row: as a column beside five
 * others it was a few characters wide at 1024 px.
 */
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import type { TableColumnsType as ColumnsType, TableProps } from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { RectificationList, RectificationView } from '../../../src/core/rectification/model.ts';
import {
  DUE_WITHIN_DAYS,
  RECTIFICATION_SOURCE_LABELS,
  isDue,
  RECTIFICATION_STATUSES,
  RECTIFICATION_STATUS_LABELS,
  type RectificationStatus,
} from '../../../src/core/rectification/status.ts';
import { api, ApiError } from '../api.ts';
import { EvidenceAttach } from './evidence.tsx';

const STATUS_COLOR: Record<RectificationStatus, string> = {
  open: 'default',
  in_progress: 'processing',
  done: 'success',
};

function StatusTags({ item, today }: { item: RectificationView; today: string | undefined }) {
  return (
    <Space size={4} wrap>
      <Tag color={STATUS_COLOR[item.status]}>{RECTIFICATION_STATUS_LABELS[item.status]}</Tag>
      {item.overdue ? (
        <Tag color="red" data-testid="rect-overdue">
          逾期
        </Tag>
      ) : today && isDue(item, today) ? (
        <Tag color="orange">{DUE_WITHIN_DAYS} 天内到期</Tag>
      ) : null}
    </Space>
  );
}

/** Each item's 整改措施 on a line of its own under the row, the table's full width. */
function measureLines(items: RectificationView[]): TableProps<RectificationView>['expandable'] {
  return {
    expandedRowKeys: items.map((r) => r.id),
    showExpandColumn: false,
    expandedRowRender: (r) => (
      <div data-testid="rect-measure" style={{ whiteSpace: 'pre-wrap' }}>
        <Typography.Text strong>整改措施：</Typography.Text>
        {r.measure || <Typography.Text type="secondary">尚未填写</Typography.Text>}
      </div>
    ),
  };
}

function columns(
  today: string | undefined,
  onEdit?: (item: RectificationView) => void,
  evidence?: (item: RectificationView) => ReactNode,
): ColumnsType<RectificationView> {
  return [
    {
      title: '存在问题',
      dataIndex: 'problem',
      render: (p: string, r) => (
        <Space direction="vertical" size={2}>
          <Space size={4}>
            <Tag>{RECTIFICATION_SOURCE_LABELS[r.source]}</Tag>
            {r.indicatorName ? <Typography.Text strong>{r.indicatorName}</Typography.Text> : null}
          </Space>
          <Typography.Text>{p}</Typography.Text>
        </Space>
      ),
    },
    {
      title: '责任人与期限',
      width: 130,
      render: (_, r) => (
        <Space direction="vertical" size={2}>
          <span>{r.owner || '责任人未定'}</span>
          <span>{r.deadline ? `${r.deadline} 前` : '期限未定'}</span>
          <StatusTags item={r} today={today} />
        </Space>
      ),
    },
    {
      title: '完成情况',
      dataIndex: 'note',
      width: evidence ? 140 : undefined,
      render: (n: string, r) => (
        <Space direction="vertical" size={4}>
          <span>{n || '—'}</span>
          {evidence?.(r)}
        </Space>
      ),
    },
    ...(onEdit
      ? [
          {
            title: '',
            width: 60,
            render: (_: unknown, r: RectificationView) => (
              <Button type="link" onClick={() => onEdit(r)} data-testid="rect-edit">
                编辑
              </Button>
            ),
          },
        ]
      : []),
  ];
}

interface EditValues {
  measure: string;
  owner: string;
  deadline: string;
  status: RectificationStatus;
  note: string;
}

function EditDialog({
  item,
  onClose,
  onSaved,
}: {
  item: RectificationView | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<EditValues>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    setError(null);
    if (item)
      form.setFieldsValue({
        measure: item.measure,
        owner: item.owner,
        deadline: item.deadline ?? '',
        status: item.status,
        note: item.note,
      });
  }, [item, form]);
  const save = async () => {
    if (!item) return;
    const v = form.getFieldsValue();
    setSaving(true);
    try {
      await api('PUT', `/api/datasets/${item.datasetId}/rectifications/${item.id}`, {
        measure: v.measure ?? '',
        owner: v.owner ?? '',
        deadline: v.deadline?.trim() ? v.deadline.trim() : null,
        status: v.status,
        note: v.note ?? '',
      });
      void message.success('已保存整改事项');
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '保存失败，请重试');
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={item !== null}
      title={item?.indicatorName ? `整改事项：${item.indicatorName}` : '整改事项'}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => void save()}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      {item ? <Typography.Paragraph type="secondary">{item.problem}</Typography.Paragraph> : null}
      {error ? (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="rect-error" />
      ) : null}
      <Form form={form} layout="vertical">
        <Form.Item label="整改措施" name="measure">
          <Input.TextArea rows={3} aria-label="整改措施" />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item label="责任人" name="owner">
            <Input aria-label="责任人" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item label="整改期限" name="deadline">
            <Input aria-label="整改期限" placeholder="YYYY-MM-DD" style={{ width: 150 }} />
          </Form.Item>
          <Form.Item label="状态" name="status">
            <Select
              aria-label="整改状态"
              style={{ width: 120 }}
              options={RECTIFICATION_STATUSES.map((s) => ({
                value: s,
                label: RECTIFICATION_STATUS_LABELS[s],
              }))}
            />
          </Form.Item>
        </Space>
        <Form.Item label="完成情况" name="note">
          <Input.TextArea rows={2} aria-label="完成情况" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The dataset page's 整改台账 (in the 叙述与整改 tab, below the 改进措施). */
export function RectificationTab({ id, canEdit }: { id: number; canEdit: boolean }) {
  const [list, setList] = useState<RectificationList | null>(null);
  const [editing, setEditing] = useState<RectificationView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    setList(await api<RectificationList>('GET', `/api/datasets/${id}/rectifications`));
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  const generate = async () => {
    setError(null);
    try {
      const r = await api<RectificationList & { added: number }>(
        'POST',
        `/api/datasets/${id}/rectifications/generate`,
        {},
      );
      setList(r);
      void message.info(r.added ? `新增 ${r.added} 项整改事项` : '没有新的扣分项，整改事项未变');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '生成失败，请重试');
    }
  };
  const onEdit = canEdit ? setEditing : undefined;
  // 完成佐证: the department attaches (also after 通过, when 整改 happens); a reviewer opens them.
  const evidence = (r: RectificationView) => (
    <EvidenceAttach
      // A carried item belongs to the year before: its files are that year's.
      datasetId={r.datasetId}
      kind="rectification"
      refId={String(r.id)}
      title={`完成佐证：${r.indicatorName ?? r.problem}`}
      canWrite={canEdit}
      label="完成佐证"
    />
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12} data-testid="rectifications">
      {error ? <Alert type="error" showIcon message={error} /> : null}
      <Card
        size="small"
        title="整改台账：本年度整改事项"
        extra={
          canEdit ? (
            <Button onClick={() => void generate()} data-testid="rect-generate">
              由扣分项生成整改事项
            </Button>
          ) : null
        }
      >
        <Table<RectificationView>
          size="small"
          rowKey="id"
          loading={!list}
          dataSource={list?.items ?? []}
          pagination={false}
          columns={columns(list?.today, onEdit, evidence)}
          expandable={measureLines(list?.items ?? [])}
          locale={{ emptyText: <Typography.Text>暂无整改事项：每个扣分指标可生成一项</Typography.Text> }}
          data-testid="rect-items"
        />
      </Card>
      {list?.carried.length ? (
        <Card size="small" title="上年带入的整改事项（写入报告“上年问题整改情况”）">
          <Table<RectificationView>
            size="small"
            rowKey="id"
            dataSource={list.carried}
            pagination={false}
            columns={columns(list?.today, onEdit, evidence)}
            expandable={measureLines(list.carried)}
            data-testid="rect-carried"
          />
        </Card>
      ) : null}
      <EditDialog
        item={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void load();
        }}
      />
    </Space>
  );
}

/** The bureau page's list of overdue items of a year. */
export function BureauOverdue({ year }: { year: number }) {
  const [items, setItems] = useState<RectificationView[] | null>(null);
  useEffect(() => {
    void api<{ items: RectificationView[] }>('GET', `/api/bureau/rectifications?year=${year}&overdue=1`).then(
      (r) => setItems(r.items),
    );
  }, [year]);
  return (
    <Card size="small" title={`${year} 年度逾期未完成的整改事项`}>
      <Table<RectificationView>
        size="small"
        rowKey="id"
        loading={!items}
        dataSource={items ?? []}
        pagination={false}
        expandable={measureLines(items ?? [])}
        data-testid="bureau-overdue"
        locale={{ emptyText: <Typography.Text>没有逾期未完成的整改事项</Typography.Text> }}
        columns={[
          { title: '部门', dataIndex: 'departmentName', width: 180 },
          ...columns(undefined).filter((c) => c.title !== '完成情况'),
        ]}
      />
    </Card>
  );
}
