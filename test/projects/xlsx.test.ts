import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { loadDataset, loadFramework } from '../../src/adapters/files.ts';
import { projectTablesXlsx } from '../../src/adapters/xlsx/project-table.ts';
import { scoreProjects } from '../../src/core/projects/project.ts';
import { projectTableModel } from '../../src/core/projects/table.ts';

const ds = loadDataset('examples/futian-zonggonghui-2023.yaml');
const fw = loadFramework('mof-project-2020');
if (!ds.ok || !fw.ok) throw new Error('example does not load');

describe('project tables as .xlsx', () => {
  it('one sheet per project; the figures read back as written; merged 一级指标 cells hold one value', async () => {
    const models = scoreProjects(ds.value, fw.value).map(projectTableModel);
    const buf = await projectTablesXlsx(models);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['区退休职工管理', '法律维权服务', '疫情防控临时性工作补助'],
    );
    const ws = wb.getWorksheet('法律维权服务')!;
    const cells: string[][] = [];
    ws.eachRow((r) =>
      cells.push(
        (r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))),
      ),
    );
    const funds = cells.find((r) => r[1] === '年度资金总额')!;
    assert.deepEqual(funds.slice(2), ['80', '71', '66.5', '10', '93.66%', '9.37']);
    const total = cells.find((r) => r[0] === '总分')!;
    assert.equal(total[6], '94.65');
    // the scores in the sheet add up to the total (numbers, not text)
    const rows = cells.filter(
      (r) => ['产出指标', '效益指标', '满意度指标', ''].includes(r[0]!) && /^\d/.test(r[6] ?? ''),
    );
    const sum = rows.reduce((a, r) => a + Math.round(Number(r[6]) * 100), 0) + Math.round(9.37 * 100);
    assert.equal(sum, 9465);
    // 产出指标 is merged over its four rows: only the master cell has the value when read by master
    const first = ws.getRow(cells.findIndex((r) => r[2] === '聘请法律顾问人数') + 1);
    assert.equal(first.getCell(1).value, '产出指标');
    assert.equal(ws.getRow(first.number + 1).getCell(1).isMerged, true);
  });
});
