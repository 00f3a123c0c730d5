/** Administration: users (one-time passwords, disable / re-enable), departments (rename), frameworks. */
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
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { frameworkErrorPlace } from '../../../src/core/labels.ts';
import { api, ApiError, type User } from '../api.ts';

export function Admin() {
  const { message, modal } = AntApp.useApp();
  const [renaming, setRenaming] = useState<{ id: number; name: string } | null>(null);
  const [renameForm] = Form.useForm<{ name: string }>();
  const [users, setUsers] = useState<User[]>([]);
  const [depts, setDepts] = useState<{ id: number; name: string }[]>([]);
  const [frameworks, setFrameworks] = useState<{ id: string; name: string; source: string }[]>([]);
  const [oneTime, setOneTime] = useState<{ username: string; password: string } | null>(null);
  const [userForm] = Form.useForm();
  const [deptForm] = Form.useForm();
  const [fwForm] = Form.useForm();
  // The three lists at once, shown together: one render, not three (a table re-rendered under an
  // open confirmation made its button miss a click in the browser test).
  const load = async () => {
    const [u, d, f] = await Promise.all([
      api<{ users: User[] }>('GET', '/api/users'),
      api<{ departments: { id: number; name: string }[] }>('GET', '/api/departments'),
      api<{ frameworks: { id: string; name: string; source: string }[] }>('GET', '/api/frameworks'),
    ]);
    setUsers(u.users);
    setDepts(d.departments);
    setFrameworks(f.frameworks);
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
                      title: '状态',
                      render: (_, u) =>
                        u.disabled ? (
                          <Tag color="red" data-testid={`user-disabled-${u.username}`}>
                            已停用
                          </Tag>
                        ) : (
                          <Tag color="green">正常</Tag>
                        ),
                    },
                    {
                      title: '',
                      render: (_, u) => (
                        <Space size={0}>
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
                          <Button
                            type="link"
                            danger={!u.disabled}
                            data-testid={`toggle-user-${u.username}`}
                            onClick={() =>
                              modal.confirm({
                                title: u.disabled
                                  ? `重新启用用户“${u.displayName}”？`
                                  : `停用用户“${u.displayName}”？`,
                                content: u.disabled
                                  ? '启用后该用户可以用原密码登录。'
                                  : '停用后该用户立即退出登录，且不能再登录，直到重新启用；其数据和修改记录保留。',
                                okText: u.disabled ? '启用' : '停用',
                                cancelText: '取消',
                                onOk: async () => {
                                  try {
                                    await api('POST', `/api/users/${u.id}/disabled`, {
                                      disabled: !u.disabled,
                                    });
                                    message.success(u.disabled ? '已重新启用' : '已停用，其会话已结束');
                                    void load();
                                  } catch (e) {
                                    fail(e);
                                  }
                                },
                              })
                            }
                          >
                            {u.disabled ? '启用' : '停用'}
                          </Button>
                        </Space>
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
                  columns={[
                    { title: '部门（单位）', dataIndex: 'name' },
                    {
                      title: '',
                      render: (_, d) => (
                        <Button
                          type="link"
                          data-testid={`rename-dept-${d.id}`}
                          onClick={() => {
                            renameForm.setFieldsValue({ name: d.name });
                            setRenaming(d);
                          }}
                        >
                          改名
                        </Button>
                      ),
                    },
                  ]}
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
                              {frameworkErrorPlace(x.path) ? `${frameworkErrorPlace(x.path)}：` : ''}
                              {x.message}
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
        open={renaming !== null}
        title={renaming ? `部门改名：${renaming.name}` : ''}
        okText="保存"
        cancelText="取消"
        onCancel={() => setRenaming(null)}
        onOk={() => renameForm.submit()}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          改名后列表、汇总和新建的年度使用新名称；已有各年度数据和报告中的部门名称不变。
        </Typography.Paragraph>
        <Form
          form={renameForm}
          onFinish={async (v) => {
            if (!renaming) return;
            try {
              await api('PUT', `/api/departments/${renaming.id}`, v);
              message.success('部门已改名');
              setRenaming(null);
              void load();
            } catch (e) {
              fail(e);
            }
          }}
        >
          <Form.Item name="name" label="新名称" rules={[{ required: true, message: '请填写部门名称' }]}>
            <Input data-testid="rename-dept-name" />
          </Form.Item>
        </Form>
      </Modal>
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
