/** The finance bureau: every department of a year, review scores, where points are lost, export. */
import { Button, Card, Col, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, type BureauSummaryResponse } from '../api.ts';
import { go } from '../App.tsx';
import { ServerChart } from '../charts.tsx';
import { BureauOverdue } from '../cycle/rectification.tsx';
import { stateColumn } from '../cycle/submission.tsx';
import { BureauSignals } from '../cycle/review.tsx';

type Summary = BureauSummaryResponse;

const gradeColor = (g: string | null) =>
  g === '优' ? 'green' : g === '良' ? 'blue' : g === '中' ? 'orange' : 'red';

export function Bureau() {
  const [year, setYear] = useState<number | null>(null);
  const [s, setS] = useState<Summary | null>(null);
  useEffect(() => {
    const run = async () => {
      let y = year;
      if (y === null) {
        const d = await api<{ years: number[] }>('GET', '/api/departments');
        y = d.years[0] ?? new Date().getFullYear() - 1;
        setYear(y);
        return;
      }
      setS(await api<Summary>('GET', `/api/bureau/summary?year=${y}`));
    };
    void run();
  }, [year]);
  if (!s) return <Card loading />;
  const filled = s.rows.filter((r) => r.selfScore !== null);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card
        title="财政局汇总"
        extra={
          <Space>
            <Select
              aria-label="汇总年度"
              style={{ width: 140 }}
              value={year}
              onChange={setYear}
              options={(s.years.length ? s.years : [s.year]).map((y) => ({ value: y, label: `${y} 年度` }))}
            />
            <Button href={`/api/bureau/summary.xlsx?year=${s.year}`} data-testid="export-summary">
              导出汇总（.xlsx）
            </Button>
          </Space>
        }
      >
        <Row gutter={16}>
          <Col span={6}>
            <Statistic title="部门数" value={s.rows.length} />
          </Col>
          <Col span={6}>
            <Statistic title="已填报" value={filled.length} />
          </Col>
          <Col span={6}>
            <Statistic
              title="已复核（复核后未改）"
              value={s.rows.filter((r) => r.reviewScore !== null && !r.reviewStale).length}
            />
          </Col>
          <Col span={6}>
            <Statistic title="平均得分（有当前复核取复核）" value={s.average ?? '—'} />
          </Col>
        </Row>
      </Card>
      <Card size="small" title={`${s.year} 年度各部门得分`}>
        <Table
          size="small"
          rowKey="departmentId"
          data-testid="bureau-table"
          dataSource={s.rows}
          pagination={false}
          columns={[
            { title: '部门', dataIndex: 'departmentName' },
            {
              title: '自评得分',
              dataIndex: 'selfScore',
              render: (v: string | null) => v ?? '未填报',
              sorter: (a, b) => Number(a.selfScore) - Number(b.selfScore),
            },
            {
              title: '自评等级',
              dataIndex: 'grade',
              render: (g: string | null) => (g ? <Tag color={gradeColor(g)}>{g}</Tag> : '—'),
            },
            {
              title: '复核得分',
              dataIndex: 'reviewScore',
              render: (v: string | null, r) =>
                r.reviewStale ? (
                  <Space direction="vertical" size={0}>
                    <Typography.Text delete type="secondary">
                      {v}
                    </Typography.Text>
                    <Tag color="orange" data-testid="review-stale">
                      {r.reviewStale}
                    </Tag>
                  </Space>
                ) : (
                  (v ?? '—')
                ),
            },
            {
              title: '复核等级',
              dataIndex: 'reviewGrade',
              render: (g: string | null) => (g ? <Tag color={gradeColor(g)}>{g}</Tag> : '—'),
            },
            { title: '复核理由', dataIndex: 'reviewReason', render: (v: string | null) => v ?? '' },
            stateColumn,
            {
              title: '预算安排建议',
              dataIndex: 'budgetSuggestion',
              render: (v: string | null, r) =>
                v ? <span title={r.budgetSuggestionReason ?? ''}>{v}</span> : '—',
            },
            {
              title: '失分指标',
              dataIndex: 'problems',
              // A year not filled in has no score, so no lost indicators to count: —, never 0.
              render: (n: number, r) => (r.selfScore === null ? '—' : n),
            },
            {
              title: '',
              render: (_, r) =>
                r.datasetId ? (
                  <Button type="link" onClick={() => go(`/datasets/${r.datasetId}`)}>
                    查看与复核
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <BureauSignals year={s.year} />
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small">
            <ServerChart chart={s.chart} testId="chart-distribution" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="最常失分的指标">
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={s.topLosses}
              columns={[
                { title: '指标', dataIndex: 'name' },
                { title: '失分部门数', dataIndex: 'departments' },
                { title: '合计失分', dataIndex: 'totalLost' },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <BureauOverdue year={s.year} />
    </Space>
  );
}
