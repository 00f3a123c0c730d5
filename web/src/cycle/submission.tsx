/**
 * The submission cycle on the web: the 送审 bar of a dataset (state, the transitions this user may do,
 * a reason dialog where one is asked, the history), the 版本 tab (versions read-only, two compared
 * field by field and score by score), the 待办 card of the home page and the bureau's state column.
 * Everything shown comes labelled from the server: no state code reaches the screen.
 */
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Drawer,
  Input,
  List,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type {
  CompareResponse,
  SubmissionResponse,
  TodoResponse,
  TransitionView,
  VersionResponse,
  VersionsResponse,
} from '../../../src/server/api-types.ts';
import { api, ApiError, when } from '../api.ts';
import { go } from '../App.tsx';

/** A tag colour per state label's meaning: frozen states blue/green, returned red, drafts plain. */
const STATE_COLORS: Record<SubmissionResponse['state'], string | undefined> = {
  draft: undefined,
  submitted: 'blue',
  reviewing: 'gold',
  returned: 'red',
  passed: 'green',
};

/** A dataset's submission: its state, and a reload after a transition. */
export function useSubmission(id: number) {
  const [sub, setSub] = useState<SubmissionResponse | null>(null);
  const reload = useCallback(async () => {
    try {
      setSub(await api<SubmissionResponse>('GET', `/api/datasets/${id}/submission`));
    } catch {
      setSub(null);
    }
  }, [id]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { sub, reload, frozen: sub?.frozen ?? false };
}

export function SubmissionBar({
  id,
  sub,
  reload,
}: {
  id: number;
  sub: SubmissionResponse | null;
  reload: () => Promise<void>;
}) {
  const { message } = AntApp.useApp();
  const [asking, setAsking] = useState<TransitionView | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<{ title: string; items: string[] } | null>(null);
  const [history, setHistory] = useState(false);
  const [versions, setVersions] = useState(false);
  if (!sub) return null;

  const run = async (t: TransitionView, why?: string) => {
    setBusy(true);
    try {
      await api('POST', `/api/datasets/${id}/submission/${t.transition}`, why?.trim() ? { reason: why } : {});
      setProblems(null);
      setAsking(null);
      setReason('');
      message.success(`已${t.label}`);
      await reload();
    } catch (e) {
      if (e instanceof ApiError && Array.isArray(e.body.problems)) {
        setAsking(null);
        setProblems({ title: e.message.split('：')[0] ?? e.message, items: e.body.problems as string[] });
      } else message.error(e instanceof ApiError ? e.message : `${t.label}失败`);
      if (e instanceof ApiError && e.status === 409) await reload();
    } finally {
      setBusy(false);
    }
  };
  const lastReturn = [...sub.events].reverse().find((e) => e.actionLabel === '退回');

  return (
    <div style={{ marginTop: 12 }} data-testid="submission-bar">
      <Space wrap>
        <span>送审状态</span>
        <Tag color={STATE_COLORS[sub.state]} data-testid="submission-state">
          {sub.stateLabel}
        </Tag>
        {sub.version !== null && sub.state !== 'draft' ? <Tag>送审第 {sub.version} 版</Tag> : null}
        {sub.allowed.map((t) => (
          <Button
            key={t.transition}
            type={t.transition === 'submit' || t.transition === 'pass' ? 'primary' : 'default'}
            danger={t.transition === 'return'}
            loading={busy}
            data-testid={`transition-${t.transition}`}
            onClick={() => (t.reason === 'none' ? void run(t) : setAsking(t))}
          >
            {t.label}
          </Button>
        ))}
        {sub.reportSha256 ? (
          <Button href={`/api/datasets/${id}/submission/report.docx`} data-testid="submitted-report">
            送审报告（.docx）
          </Button>
        ) : null}
        <Button onClick={() => setVersions(true)} data-testid="versions-open">
          版本
        </Button>
        {sub.events.length ? (
          <Button type="link" onClick={() => setHistory((h) => !h)} data-testid="submission-history-toggle">
            {history ? '收起送审记录' : `送审记录（${sub.events.length}）`}
          </Button>
        ) : null}
      </Space>
      {sub.frozen ? (
        <Alert
          style={{ marginTop: 8 }}
          type="info"
          showIcon
          data-testid="frozen-note"
          title={`表单只读：${sub.frozenNote ?? '已送审的数据不能修改'}`}
        />
      ) : null}
      {sub.state === 'returned' && lastReturn ? (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          data-testid="return-reason"
          title={`${lastReturn.username}于 ${when(lastReturn.at)} 退回：${lastReturn.reason ?? '（未写理由）'}`}
          description="请修改后重新送审。"
        />
      ) : null}
      {problems ? (
        <Alert
          style={{ marginTop: 8 }}
          type="error"
          showIcon
          closable
          onClose={() => setProblems(null)}
          data-testid="submit-problems"
          title={`${problems.title}：`}
          description={
            <ul style={{ margin: 0, paddingLeft: 20, maxHeight: 240, overflow: 'auto' }}>
              {problems.items.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      {history ? (
        <Timeline
          style={{ marginTop: 12 }}
          data-testid="submission-events"
          items={sub.events.map((e) => ({
            content: (
              <span>
                {when(e.at)} · {e.username} · <b>{e.actionLabel}</b>（{e.fromLabel} → {e.toLabel}
                {e.version !== null ? `，第 ${e.version} 版` : ''}）{e.reason ? `：${e.reason}` : ''}
              </span>
            ),
          }))}
        />
      ) : null}
      {/* 版本 opens beside the page (a drawer): one more tab would overflow the tab bar at 1024 px. */}
      <Drawer
        open={versions}
        size={980}
        title="版本：只读查看与比较"
        onClose={() => setVersions(false)}
        destroyOnHidden
      >
        {versions ? <Versions id={id} /> : null}
      </Drawer>
      <Modal
        open={asking !== null}
        title={asking ? `${asking.label}${asking.reason === 'required' ? '（须写明理由）' : ''}` : ''}
        okText={asking?.label ?? '确定'}
        cancelText="取消"
        confirmLoading={busy}
        okButtonProps={{ disabled: asking?.reason === 'required' && !reason.trim(), id: 'reason-ok' }}
        onOk={() => asking && void run(asking, reason)}
        onCancel={() => {
          setAsking(null);
          setReason('');
        }}
      >
        <Input.TextArea
          data-testid="reason-input"
          rows={4}
          maxLength={5000}
          placeholder={asking?.reason === 'required' ? '请写明理由' : '理由（可不填）'}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </div>
  );
}

/** The 版本 tab: every saved version, one opened read-only, two compared. */
export function Versions({ id }: { id: number }) {
  const { message } = AntApp.useApp();
  const [list, setList] = useState<VersionsResponse | null>(null);
  const [open, setOpen] = useState<VersionResponse | null>(null);
  const [pair, setPair] = useState<{ a?: number; b?: number }>({});
  const [cmp, setCmp] = useState<CompareResponse | null>(null);
  useEffect(() => {
    void api<VersionsResponse>('GET', `/api/datasets/${id}/versions`).then((l) => {
      setList(l);
      const [last, prev] = l.versions;
      setPair({ a: prev?.version ?? last?.version, b: last?.version });
    });
  }, [id]);
  if (!list) return <Card loading />;
  const options = list.versions.map((v) => ({
    value: v.version,
    label: `第 ${v.version} 版${v.version === list.submitted ? '（送审版）' : ''}`,
  }));
  const compare = async () => {
    if (pair.a === undefined || pair.b === undefined) return;
    try {
      setCmp(await api<CompareResponse>('GET', `/api/datasets/${id}/compare?a=${pair.a}&b=${pair.b}`));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '比较失败');
    }
  };
  const view = async (v: number) => {
    try {
      setOpen(await api<VersionResponse>('GET', `/api/datasets/${id}/versions/${v}`));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '打开失败');
    }
  };
  return (
    <div data-testid="versions">
      <Table
        size="small"
        rowKey="version"
        pagination={{ pageSize: 10 }}
        dataSource={list.versions}
        columns={[
          {
            title: '版本',
            dataIndex: 'version',
            render: (v: number) => (
              <Space>
                第 {v} 版{v === list.current ? <Tag>当前</Tag> : null}
                {v === list.submitted ? <Tag color="blue">送审版</Tag> : null}
              </Space>
            ),
          },
          { title: '保存人', dataIndex: 'username' },
          { title: '保存时间', dataIndex: 'at', render: (v: string) => when(v) },
          {
            title: '',
            key: 'open',
            render: (_: unknown, r: { version: number }) => (
              <Button
                size="small"
                onClick={() => void view(r.version)}
                data-testid={`open-version-${r.version}`}
              >
                查看（只读）
              </Button>
            ),
          },
        ]}
      />
      <Space wrap style={{ marginTop: 8 }}>
        <span>比较</span>
        <Select
          aria-label="版本甲"
          data-testid="compare-a"
          style={{ width: 160 }}
          value={pair.a}
          options={options}
          onChange={(a) => setPair((p) => ({ ...p, a }))}
        />
        <span>与</span>
        <Select
          aria-label="版本乙"
          data-testid="compare-b"
          style={{ width: 160 }}
          value={pair.b}
          options={options}
          onChange={(b) => setPair((p) => ({ ...p, b }))}
        />
        <Button onClick={() => void compare()} data-testid="compare">
          比较
        </Button>
      </Space>
      {cmp ? (
        <div style={{ marginTop: 12 }} data-testid="compare-result">
          <Typography.Title level={5}>
            第 {cmp.a} 版与第 {cmp.b} 版：{cmp.fields.length} 处数据不同；总分 {cmp.totals.a ?? '未评分'} →{' '}
            {cmp.totals.b ?? '未评分'}
          </Typography.Title>
          <Table
            size="small"
            rowKey={(r) => r.label + r.before + r.after}
            pagination={{ pageSize: 20 }}
            dataSource={cmp.fields}
            data-testid="compare-fields"
            columns={[
              { title: '字段', dataIndex: 'label' },
              { title: `第 ${cmp.a} 版`, dataIndex: 'before' },
              { title: `第 ${cmp.b} 版`, dataIndex: 'after' },
            ]}
          />
          <Table
            size="small"
            rowKey="code"
            pagination={false}
            data-testid="compare-scores"
            dataSource={cmp.scores.filter((s) => s.a !== s.b)}
            locale={{ emptyText: '各三级指标得分相同' }}
            columns={[
              { title: '三级指标', dataIndex: 'name' },
              { title: `第 ${cmp.a} 版得分`, dataIndex: 'a', render: (v: string | null) => v ?? '—' },
              { title: `第 ${cmp.b} 版得分`, dataIndex: 'b', render: (v: string | null) => v ?? '—' },
            ]}
          />
        </div>
      ) : null}
      <Modal
        open={open !== null}
        width={760}
        footer={null}
        onCancel={() => setOpen(null)}
        title={open ? `第 ${open.version} 版（只读）· ${open.username} 保存于 ${when(open.at)}` : ''}
      >
        {open?.evaluation.ok ? (
          <div data-testid="version-view">
            <Typography.Paragraph>
              总分 {open.evaluation.total} / {open.evaluation.maxTotal}
              {open.evaluation.grade ? `，等级 ${open.evaluation.grade}` : ''}
            </Typography.Paragraph>
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={leaves(open.evaluation.indicators)}
              columns={[
                { title: '三级指标', dataIndex: 'name' },
                { title: '分值', dataIndex: 'weight' },
                { title: '得分', dataIndex: 'score' },
              ]}
            />
          </div>
        ) : open && !open.evaluation.ok ? (
          <Alert
            type="warning"
            showIcon
            title={open.evaluation.unfilled ? '该版本尚未填报完整，没有得分' : '该版本数据有误，没有得分'}
          />
        ) : null}
      </Modal>
    </div>
  );
}

type Node = { code: string; name: string; level: number; weight: string; score: string; children?: Node[] };
const leaves = (nodes: Node[]): Node[] =>
  nodes.flatMap((n) => (n.children?.length ? leaves(n.children) : n.level === 3 ? [n] : []));

/** 待办 on the home page: returned submissions and unsubmitted drafts, or submissions to review. */
export function TodoCard() {
  const [todo, setTodo] = useState<TodoResponse | null>(null);
  useEffect(() => {
    void api<TodoResponse>('GET', '/api/todo')
      .then(setTodo)
      .catch(() => setTodo({ items: [] }));
  }, []);
  if (!todo) return null;
  return (
    <Card
      size="small"
      title={`待办（${todo.items.length}）`}
      style={{ marginBottom: 16 }}
      data-testid="todo-card"
    >
      {todo.items.length === 0 ? (
        <Typography.Text type="secondary">暂无待办事项</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={todo.items}
          renderItem={(i) => (
            <List.Item
              data-testid="todo-item"
              actions={[
                <Button key="go" size="small" onClick={() => go(`/datasets/${i.datasetId}`)}>
                  去处理
                </Button>,
              ]}
            >
              <Space wrap>
                <Tag>{i.stateLabel}</Tag>
                <span>
                  {i.departmentName} · {i.year} 年度：{i.kindLabel}
                </span>
                {i.note ? <Typography.Text type="secondary">{i.note}</Typography.Text> : null}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** The bureau table's 送审状态 column. */
export const stateColumn = {
  title: '送审状态',
  dataIndex: 'stateLabel',
  render: (v: string | null) => (v ? <Tag data-testid="bureau-state">{v}</Tag> : '未建立'),
};
