/** Administration: users (one-time passwords), departments, frameworks. */
import {
  App as AntApp,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError, type User } from '../api.ts';

export function Admin() {
  const { message } = AntApp.useApp();
  const [users, setUsers] = useState<User[]>([]);
  const [depts, setDepts] = useState<{ id: number; name: string }[]>([]);
  const [frameworks, setFrameworks] = useState<{ id: string; name: string; source: string }[]>([]);
  const [oneTime, setOneTime] = useState<{ username: string; password: string } | null>(null);
  const [userForm] = Form.useForm();
  const [deptForm] = Form.useForm();
  const [fwForm] = Form.useForm();
  const load = async () => {
    setUsers((await api<{ users: User[] }>('GET', '/api/users')).users);
    setDepts(
      (await api<{ departments: { id: number; name: string }[] }>('GET', '/api/departments')).departments,
    );
    setFrameworks(
      (await api<{ frameworks: { id: string; name: string; source: string }[] }>('GET', '/api/frameworks'))
        .frameworks,
    );
  };
  useEffect(() => {
    void load();
  }, []);
  const fail = (e: unknown) => message.error(e instanceof ApiError ? e.message : '操作失败');
  const role = Form.useWatch('role', userForm);
  return (
    <Card title="系统管理">
      <Tabs
        items={[
          {
            key: 'users',
            label: '用户',
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Table<User>
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={users}
                  columns={[
                    { title: '用户名', dataIndex: 'username' },
                    { title: '姓名', dataIndex: 'displayName' },
                    { title: '角色', dataIndex: 'roleLabel' },
                    {
                      title: '部门',
                      render: (_, u) => depts.find((d) => d.id === u.departmentId)?.name ?? '',
                    },
                    {
                      title: '',
                      render: (_, u) => (
                        <Button
                          type="link"
                          onClick={async () => {
                            try {
                              const r = await api<{ oneTimePassword: string }>(
                                'POST',
                                `/api/users/${u.id}/password`,
                                {},
                              );
                              setOneTime({ username: u.username, password: r.oneTimePassword });
                            } catch (e) {
                              fail(e);
                            }
                          }}
                        >
                          重置密码
                        </Button>
                      ),
                    },
                  ]}
                />
                <Typography.Title level={5}>新建用户</Typography.Title>
                <Form
                  form={userForm}
                  layout="inline"
                  initialValues={{ role: 'filler' }}
                  onFinish={async (v: {
                    username: string;
                    displayName: string;
                    role: string;
                    departmentId?: number;
                  }) => {
                    try {
                      const r = await api<{ user: User; oneTimePassword: string }>('POST', '/api/users', v);
                      setOneTime({ username: r.user.username, password: r.oneTimePassword });
                      userForm.resetFields();
                      void load();
                    } catch (e) {
                      fail(e);
                    }
                  }}
                >
                  <Form.Item name="username" label="用户名" rules={[{ required: true }]}>
                    <Input />
                  </Form.Item>
                  <Form.Item name="displayName" label="姓名" rules={[{ required: true }]}>
                    <Input />
                  </Form.Item>
                  <Form.Item name="role" label="角色">
                    <Select
                      style={{ width: 110 }}
                      options={[
                        { value: 'filler', label: '填报人' },
                        { value: 'reviewer', label: '复核人' },
                        { value: 'admin', label: '管理员' },
                      ]}
                    />
                  </Form.Item>
                  {role === 'filler' ? (
                    <Form.Item
                      name="departmentId"
                      label="部门"
                      rules={[{ required: true, message: '请选择部门' }]}
                    >
                      <Select
                        style={{ width: 220 }}
                        options={depts.map((d) => ({ value: d.id, label: d.name }))}
                      />
                    </Form.Item>
                  ) : null}
                  <Button type="primary" htmlType="submit">
                    新建
                  </Button>
                </Form>
              </Space>
            ),
          },
          {
            key: 'departments',
            label: '部门',
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={depts}
                  columns={[{ title: '部门（单位）', dataIndex: 'name' }]}
                />
                <Form
                  form={deptForm}
                  layout="inline"
                  onFinish={async (v: { name: string; code?: string }) => {
                    try {
                      await api('POST', '/api/departments', v);
                      deptForm.resetFields();
                      void load();
                    } catch (e) {
                      fail(e);
                    }
                  }}
                >
                  <Form.Item name="name" label="部门名称" rules={[{ required: true }]}>
                    <Input style={{ width: 260 }} />
                  </Form.Item>
                  <Form.Item name="code" label="编码">
                    <Input />
                  </Form.Item>
                  <Button type="primary" htmlType="submit">
                    新建部门
                  </Button>
                </Form>
              </Space>
            ),
          },
          {
            key: 'frameworks',
            label: '指标体系框架',
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={frameworks}
                  columns={[
                    { title: 'id', dataIndex: 'id' },
                    { title: '名称', dataIndex: 'name' },
                    {
                      title: '来源',
                      dataIndex: 'source',
                      render: (s: string) => (s === 'builtin' ? '内置' : '上传'),
                    },
                  ]}
                />
                <Form
                  form={fwForm}
                  layout="vertical"
                  onFinish={async (v: { text: string }) => {
                    try {
                      const r = await api<{ id: string }>('POST', '/api/frameworks', v);
                      message.success(`已保存框架 ${r.id}`);
                      fwForm.resetFields();
                      void load();
                    } catch (e) {
                      if (e instanceof ApiError && Array.isArray(e.body.errors))
                        Modal.error({
                          title: e.message,
                          content: (e.body.errors as { path: string; message: string }[]).map((x, i) => (
                            <div key={i}>
                              {x.path}：{x.message}
                            </div>
                          )),
                        });
                      else fail(e);
                    }
                  }}
                >
                  <Form.Item name="text" label="上传框架（粘贴 YAML 或 JSON）" rules={[{ required: true }]}>
                    <Input.TextArea
                      autoSize={{ minRows: 6, maxRows: 20 }}
                      style={{ fontFamily: 'monospace' }}
                    />
                  </Form.Item>
                  <Button type="primary" htmlType="submit">
                    校验并保存
                  </Button>
                </Form>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={oneTime !== null}
        title="一次性密码"
        onOk={() => setOneTime(null)}
        onCancel={() => setOneTime(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        {oneTime ? (
          <p data-testid="one-time-password">
            用户 <b>{oneTime.username}</b> 的一次性密码：
            <Typography.Text code copyable>
              {oneTime.password}
            </Typography.Text>
            <br />
            只显示这一次；该用户首次登录后须修改密码。
          </p>
        ) : null}
      </Modal>
    </Card>
  );
}
