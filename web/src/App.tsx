/** The shell: sign-in, the top bar and a small hash router (#/, #/datasets/1, #/bureau, #/admin). */
import { Button, Card, Form, Input, Layout, Menu, Space, Spin, Typography, App as AntApp } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api, ApiError, type User } from './api.ts';

// Each page is its own chunk, fetched when first opened: the first load is the shell and the sign-in,
// and what a page adds (the form's field catalogue, the bureau's tables) does not weigh on the others.
const Admin = lazy(() => import('./pages/Admin.tsx').then((m) => ({ default: m.Admin })));
const Bureau = lazy(() => import('./pages/Bureau.tsx').then((m) => ({ default: m.Bureau })));
const DatasetPage = lazy(() => import('./pages/DatasetPage.tsx').then((m) => ({ default: m.DatasetPage })));
const TodoCard = lazy(() => import('./cycle/submission.tsx').then((m) => ({ default: m.TodoCard })));
const Departments = lazy(() => import('./pages/Departments.tsx').then((m) => ({ default: m.Departments })));

const loading = (
  <div style={{ padding: 80, textAlign: 'center' }}>
    <Spin />
  </div>
);

export interface Me {
  user: User;
  department: { id: number; name: string } | null;
  features: { findings: boolean; report: boolean };
}

function useHash(): string {
  const [hash, setHash] = useState(() => window.location.hash.slice(1) || '/');
  useEffect(() => {
    const on = () => setHash(window.location.hash.slice(1) || '/');
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash;
}

export const go = (path: string) => {
  window.location.hash = path;
};

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const hash = useHash();
  const load = useCallback(async () => {
    try {
      setMe(await api<Me>('GET', '/api/me'));
    } catch {
      setMe(null);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  if (me === undefined) return loading;
  if (me === null) return <Login onDone={load} />;
  if (me.user.mustChangePassword) return <ChangePassword onDone={load} first />;

  const logout = async () => {
    await api('POST', '/api/auth/logout', {});
    setMe(null);
  };
  const m = hash.match(/^\/datasets\/(\d+)/);
  const items = [
    { key: '/', label: '部门与年度' },
    ...(me.user.role !== 'filler' ? [{ key: '/bureau', label: '财政局汇总' }] : []),
    ...(me.user.role === 'admin' ? [{ key: '/admin', label: '系统管理' }] : []),
  ];
  const selected = m ? '/' : hash;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 24,
          background: '#fff',
          borderBottom: '1px solid #eee',
        }}
      >
        <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap' }}>
          预算绩效自评
        </Typography.Title>
        <Menu
          mode="horizontal"
          selectedKeys={[selected]}
          items={items}
          onClick={(e) => go(e.key)}
          style={{ flex: 1, minWidth: 0, borderBottom: 'none' }}
        />
        <Space>
          <span data-testid="whoami">
            {me.user.displayName}（{me.user.roleLabel}
            {me.department ? ` · ${me.department.name}` : ''}）
          </span>
          <Button onClick={() => go('/password')} data-testid="change-password">
            修改密码
          </Button>
          <Button onClick={logout}>退出</Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <Suspense fallback={loading}>
          {m ? (
            <DatasetPage key={m[1]} id={Number(m[1])} me={me} />
          ) : hash === '/bureau' && me.user.role !== 'filler' ? (
            <Bureau />
          ) : hash === '/admin' && me.user.role === 'admin' ? (
            <Admin />
          ) : hash === '/password' ? (
            <ChangePassword onDone={() => go('/')} />
          ) : (
            <>
              <TodoCard />
              <Departments me={me} />
            </>
          )}
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}

function Login({ onDone }: { onDone: () => void }) {
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    try {
      await api('POST', '/api/auth/login', v);
      onDone();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '登录失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      style={{
        display: 'flex',
        justifyContent: 'center',
        paddingTop: 120,
        background: '#f5f5f5',
        minHeight: '100vh',
      }}
    >
      <Card title="预算绩效自评 · 登录" style={{ width: 380, height: 'fit-content' }}>
        <Form layout="vertical" onFinish={submit}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}

export function ChangePassword({ onDone, first }: { onDone: () => void; first?: boolean }) {
  const { message } = AntApp.useApp();
  const submit = async (v: { oldPassword: string; newPassword: string; again: string }) => {
    if (v.newPassword !== v.again) {
      message.error('两次输入的新密码不一致');
      return;
    }
    try {
      await api('POST', '/api/me/password', { oldPassword: v.oldPassword, newPassword: v.newPassword });
      message.success('密码已修改；您在其他地方的登录已全部退出');
      onDone();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '修改失败');
    }
  };
  return (
    <div style={{ display: 'flex', justifyContent: 'center', paddingTop: 120 }}>
      <Card title={first ? '首次登录：请修改密码' : '修改密码'} style={{ width: 400 }}>
        <Form layout="vertical" onFinish={submit}>
          <Form.Item
            label={first ? '原密码（一次性密码）' : '原密码'}
            name="oldPassword"
            rules={[{ required: true }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label="新密码（至少 10 个字符）"
            extra="不能是常见密码、连续或重复的字符，不能含用户名，不能与原密码相同"
            name="newPassword"
            rules={[{ required: true, min: 10 }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item label="再次输入新密码" name="again" rules={[{ required: true }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block>
            修改密码
          </Button>
        </Form>
      </Card>
    </div>
  );
}
