import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const EX = 'examples/futian-zonggonghui-2023.yaml';

describe('jixiao targets / monitor / score --project', () => {
  it('targets lists 34 targets and 表1-4 with 33 quantitative, 97.06 %', async () => {
    const r = await run('targets', EX);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /合计\s+34\s+33\s+97\.06%/);
    assert.match(r.out, /劳务派遣人员经费发放及时性（每月及时发放）/);
  });
  it('targets --json carries the parse of every target', async () => {
    const r = await run('targets', EX, '--json');
    const j = JSON.parse(r.out);
    assert.equal(j.targets.length, 34);
    assert.equal(j.quantifiedShare.total.sharePercent, '97.06');
    assert.equal(j.outcomes.suggested, '25.00');
  });
  it('monitor as of 2023-08-31 exits 1 with its warnings; --as-of changes the pace', async () => {
    const r = await run('monitor', EX);
    assert.equal(r.code, 1);
    assert.match(r.out, /序时进度 50\.00%/);
    assert.match(r.out, /定制办公家具数量/);
    const j = JSON.parse((await run('monitor', EX, '--as-of', '2023-07-31', '--linear', '--json')).out);
    assert.equal(j.asOf, '2023-07-31');
  });
  it('monitor refuses a date that does not exist', async () => {
    const r = await run('monitor', EX, '--as-of', '2023-02-30');
    assert.equal(r.code, 2);
    assert.match(r.err, /--as-of/);
  });
  it('score --project prints the project table; an unknown project is bad input naming the ones there are', async () => {
    const r = await run('score', EX, '--project', '法律维权服务');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /总分 94\.65/);
    const bad = await run('score', EX, '--project', '没有这个项目');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /区退休职工管理/);
  });
  it('score without --project is unchanged: 93.96', async () => {
    assert.match((await run('score', EX)).out, /总分 93\.96/);
  });
});
