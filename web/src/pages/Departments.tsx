/** Home: the departments the user may see, with the chosen year's dataset of each. */
import { App as AntApp, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, when, type DatasetMeta } from '../api.ts';
import { go, type Me } from '../App.tsx';

interface Dept {
  id: number;
  name: string;
  code: string | null;
  datasets: DatasetMeta[];
}

export function Departments({ me }: { me: Me }) {
  const { message } = AntApp.useApp();
  const [depts, setDepts] = useState<Dept[]>([]);
  const [years, setYears] = useState<number[]>([]);
  const [year, setYear] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const load = async () => {
    setLoading(true);
    const r = await api<{ departments: Dept[]; years: number[] }>('GET', '/api/departments');
    setDepts(r.departments);
    setYears(r.years);
    setYear((y) => y ?? r.years[0] ?? new Date().getFullYear() - 1);
    setLoading(false);
  };
  useEffect(() => {
    void load();
  }, []);
  const yearOptions = useMemo(() => {
    const base = new Date().getFullYear();
    const all = new Set([...years, base, base - 1, base - 2]);
    return [...all].sort((a, b) => b - a).map((y) => ({ value: y, label: `${y} 年度` }));
  }, [years]);
  const canCreate = (d: Dept) =>
    me.user.role === 'admin' || (me.user.role === 'filler' && me.user.departmentId === d.id);
  const create = async (d: Dept) => {
    try {
      const r = await api<{ id: number }>('POST', `/api/departments/${d.id}/datasets`, { year });
      go(`/datasets/${r.id}`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '新建失败');
    }
  };
  return (
    <Card
      title="部门与年度"
      extra={
        <Space>
          <span>评价年度</span>
          <Select
            data-testid="year-picker"
            aria-label="评价年度"
            style={{ width: 140 }}
            value={year}
            options={yearOptions}
            onChange={setYear}
          />
        </Space>
      }
    >
      <Table<Dept>
        rowKey="id"
        loading={loading}
        dataSource={depts}
        pagination={false}
        columns={[
          { title: '部门（单位）', dataIndex: 'name' },
          {
            title: '自评得分',
            render: (_, d) => {
              const ds = d.datasets.find((x) => x.year === year);
              if (!ds) return '—';
              // A year created but not yet filled in has no score: never shown as 0.
              return ds.selfScore ?? <Tag data-testid="unfilled">未填报</Tag>;
            },
          },
          {
            title: '等级',
            render: (_, d) => {
              const g = d.datasets.find((x) => x.year === year)?.grade;
              return g ? (
                <Tag color={g === '优' ? 'green' : g === '良' ? 'blue' : g === '中' ? 'orange' : 'red'}>
                  {g}
                </Tag>
              ) : (
                '—'
              );
            },
          },
          {
            title: '最近保存',
            render: (_, d) => {
              const ds = d.datasets.find((x) => x.year === year);
              return ds ? `${when(ds.updatedAt)} ${ds.updatedBy ?? ''}（第 ${ds.version} 版）` : '—';
            },
          },
          {
            title: '已有年度',
            render: (_, d) => d.datasets.map((x) => <Tag key={x.id}>{x.year}</Tag>),
          },
          {
            title: '操作',
            render: (_, d) => {
              const ds = d.datasets.find((x) => x.year === year);
              if (ds)
                return (
                  <Button type="link" onClick={() => go(`/datasets/${ds.id}`)}>
                    打开
                  </Button>
                );
              return canCreate(d) ? (
                <Button type="link" onClick={() => create(d)}>
                  新建 {year} 年度
                </Button>
              ) : (
                <Typography.Text type="secondary">未填报</Typography.Text>
              );
            },
          },
        ]}
      />
    </Card>
  );
}
