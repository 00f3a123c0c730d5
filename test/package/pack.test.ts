/**
 * The package as a user installs it: `npm pack` (which builds dist/ and web/dist through prepack) on a
 * copy of the checkout, the tarball installed with npm into an empty folder, and there the CLI run and
 * the library imported from plain JavaScript and from TypeScript checked against the shipped
 * declarations. Runs with the node under test (process.execPath, npm beside it on PATH), and the CLI
 * and library once more on Node 22 when JIXIAO_NODE22 names its binary (.ci/run sets it; required
 * under CI=true).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { once } from 'node:events';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import JSZip from 'jszip';
import { ROOT, SEED_EXAMPLE } from '../helpers.ts';

const NODE_BIN = dirname(process.execPath);
const major = Number(process.versions.node.split('.')[0]);
/** The environment of every child: the node under test (and its npm) first on PATH. */
const ENV: NodeJS.ProcessEnv = { ...process.env, PATH: `${NODE_BIN}${delimiter}${process.env.PATH ?? ''}` };
delete ENV.NODE_OPTIONS; // the test runner's own --import tsx is not what an installed user has

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): Run {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: ENV, timeout: 300_000, ...opts });
  if (r.error) throw r.error;
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

function ok(r: Run, what: string): Run {
  assert.equal(r.code, 0, `${what} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** What `npm pack` needs from the checkout (its node_modules linked, not copied; no dist/ nor web/dist/). */
const PACK_SOURCES = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'README.md',
  'bin',
  'src',
  'scripts',
  'frameworks',
  'settings',
  'examples',
  'schema',
  'web',
];

let work: string;
let tarball: string;
let app: string;
let packOutput: Run;
let installOutput: Run;
let files: string[];

before(() => {
  work = mkdtempSync(join(tmpdir(), 'jixiao-pack-'));
  const copy = join(work, 'checkout');
  mkdirSync(copy);
  for (const name of PACK_SOURCES) {
    if (!existsSync(join(ROOT, name))) continue;
    cpSync(join(ROOT, name), join(copy, name), {
      recursive: true,
      filter: (src) => !/[/\\](dist|node_modules)$/.test(src),
    });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');

  packOutput = ok(run('npm', ['pack', '--json', '--pack-destination', work], { cwd: copy }), 'npm pack');
  const info = JSON.parse(packOutput.stdout.slice(packOutput.stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarball = join(work, info[0]!.filename);
  files = info[0]!.files.map((f) => f.path);

  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2),
  );
  installOutput = ok(
    run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], { cwd: app }),
    'npm install <tarball>',
  );
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('packed tarball', () => {
  test('holds the built JavaScript, declarations, run-time files, frameworks and web front end, not the sources', () => {
    for (const f of [
      'bin/jixiao.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/main.js',
      'dist/batch/worker-entry.mjs',
      'dist/adapters/xlsx/read-child.mjs',
      'dist/report/charts/fonts/NotoSansSC-Subset.otf',
      'dist/report/charts/fonts/NotoSansSC-Subset.chars.txt',
      'frameworks/futian-2023.yaml',
      'settings/signals/default.yaml',
      'settings/result-application/default.yaml',
      'examples/futian-zonggonghui-2023.yaml',
      'web/dist/index.html',
      'package.json',
    ])
      assert.ok(files.includes(f), `${f} missing from the tarball`);
    assert.deepEqual(
      files.filter((f) => /^(src|test|bench|scripts)\//.test(f) || (/\.ts$/.test(f) && !f.endsWith('.d.ts'))),
      [],
      'sources or tests in the tarball',
    );
    // Declarations name the .js files, not the sources' .ts specifiers.
    const index = readFileSync(join(app, 'node_modules/jixiao/dist/index.d.ts'), 'utf8');
    assert.match(index, /from '\.\/core\/score\.js'/);
    assert.doesNotMatch(index, /\.ts['"]/);
  });

  test('installs into an empty folder without tsx and, on a supported Node, without engine warnings', () => {
    assert.ok(existsSync(join(app, 'node_modules/jixiao/dist/index.js')));
    assert.ok(!existsSync(join(app, 'node_modules/tsx')), 'tsx was installed: the package must not need it');
    assert.ok(!existsSync(join(app, 'node_modules/jixiao/src')));
    if (major >= 22) assert.doesNotMatch(installOutput.stderr, /EBADENGINE/);
  });
});

/** The installed CLI and library, on one node binary. */
function installedUse(node: string) {
  const cli = join(app, 'node_modules/jixiao/bin/jixiao.js');

  test('jixiao score on the seed scores 93.96', () => {
    const r = ok(run(node, [cli, 'score', SEED_EXAMPLE, '--json'], { cwd: app }), 'jixiao score');
    assert.equal((JSON.parse(r.stdout) as { total: string }).total, '93.96');
  });

  test('jixiao report writes a .docx with its charts (worker thread, font from dist/)', async () => {
    const out = join(work, `report-${process.pid}-${Math.random().toString(36).slice(2)}.docx`);
    ok(run(node, [cli, 'report', SEED_EXAMPLE, '-o', out], { cwd: app }), 'jixiao report');
    const zip = await JSZip.loadAsync(readFileSync(out));
    const doc = await zip.file('word/document.xml')!.async('string');
    assert.match(doc, /深圳市福田区总工会/);
    const pngs = Object.keys(zip.files).filter((n) => /^word\/media\/.*\.png$/.test(n));
    assert.ok(pngs.length > 0, 'no chart images in the report');
  });

  test('the library imports from plain .mjs', () => {
    const file = join(app, 'use.mjs');
    writeFileSync(
      file,
      [
        "import { loadDataset, loadFramework, score } from 'jixiao';",
        `const dataset = loadDataset(${JSON.stringify(SEED_EXAMPLE)});`,
        "const framework = loadFramework('futian-2023');",
        "if (!dataset.ok || !framework.ok) throw new Error('输入有误');",
        'console.log(score(dataset.value, framework.value).total);',
      ].join('\n'),
    );
    const r = ok(run(node, [file], { cwd: app }), 'node use.mjs');
    assert.equal(r.stdout.trim(), '93.96');
  });
}

describe(`installed package on Node ${process.versions.node} (the node under test)`, () => {
  installedUse(process.execPath);

  test('npx jixiao runs the installed command', () => {
    const r = ok(run('npx', ['--no-install', 'jixiao', 'frameworks'], { cwd: app }), 'npx jixiao');
    assert.match(r.stdout, /futian-2023/);
  });

  test('jixiao synth and batch run their worker threads from dist/; the workbook reader child reads the summary', () => {
    const cli = join(app, 'node_modules/jixiao/bin/jixiao.js');
    const region = join(work, 'region');
    ok(
      run(process.execPath, [cli, 'synth', '--departments', '4', '--seed', '1', '-o', region], { cwd: app }),
      'synth',
    );
    const summary = join(work, 'summary.xlsx');
    const reports = join(work, 'reports');
    const r = run(
      process.execPath,
      [cli, 'batch', region, '-o', summary, '--reports', reports, '--workers', '2'],
      {
        cwd: app,
      },
    );
    // 1: the synthetic region holds deliberate inconsistencies that the checks find.
    assert.ok(r.code === 0 || r.code === 1, `batch exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /出错 0 个/);
    assert.equal(readdirSync(reports).filter((f) => f.endsWith('.docx')).length, 4);
    const child = join(app, 'node_modules/jixiao/dist/adapters/xlsx/read-child.mjs');
    const read = ok(run(process.execPath, [child], { cwd: app, input: readFileSync(summary) }), 'read-child');
    const parsed = JSON.parse(read.stdout) as { ok: boolean; sheets: { name: string }[] };
    assert.equal(parsed.ok, true);
    assert.equal(parsed.sheets[0]?.name, '汇总');
  });

  test('jixiao check <folder> checks published tables in worker threads from dist/; the library checks one', () => {
    const cli = join(app, 'node_modules/jixiao/bin/jixiao.js');
    const folder = join(work, 'published');
    mkdirSync(folder, { recursive: true });
    const wild = join(ROOT, 'test/fixtures/published-wild');
    const files = ['gx-project-10hao-pipes.txt', 'hn-project-yuan.docx', 'zj-department-local-clean.xlsx'];
    for (const f of files) copyFileSync(join(wild, f), join(folder, f));
    const summary = join(work, 'published-summary.xlsx');
    const r = run(process.execPath, [cli, 'check', folder, '-o', summary], { cwd: app });
    // 1: the planted tables have errors.
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    for (const f of files) assert.match(r.stdout, new RegExp(f.replace('.', '\\.')));
    assert.ok(existsSync(summary));
    const use = join(app, 'published.mjs');
    writeFileSync(
      use,
      [
        "import { checkPublished } from 'jixiao';",
        `const r = await checkPublished(${JSON.stringify(join(folder, files[0]!))});`,
        'if (!r.ok) throw new Error(r.error.message);',
        "console.log(r.result.findings.map((f) => f.code).sort().join(','));",
      ].join('\n'),
    );
    const lib = ok(run(process.execPath, [use], { cwd: app }), 'node published.mjs');
    const planted = (
      JSON.parse(readFileSync(join(wild, 'expected.json'), 'utf8')) as { file: string; codes: string[] }[]
    ).find((e) => e.file === files[0])!;
    assert.equal(lib.stdout.trim(), planted.codes.join(','));
  });

  test('jixiao serve serves the shipped web front end and the API', async () => {
    const cli = join(app, 'node_modules/jixiao/bin/jixiao.js');
    const server = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', join(work, 'data')], {
      cwd: app,
      env: { ...ENV, BACKUP_INTERVAL_HOURS: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = once(server, 'exit');
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 120_000);
        const look = () => {
          const m = output.match(/jixiao 已启动：(\S+)/);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        };
        server.stdout.on('data', look);
        void exited.then(() => reject(new Error(`serve exited:\n${output}`)));
      });
      assert.doesNotMatch(output, /前端尚未构建/);
      const page = await fetch(url);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /<div id="root">/);
      const script = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
      assert.ok(script, 'index.html names no script');
      assert.equal((await fetch(url + script)).status, 200);
      assert.equal((await fetch(`${url}/api/health`)).status, 200);
    } finally {
      server.kill('SIGINT');
      await exited;
    }
  });

  test('a TypeScript consumer type-checks against the shipped declarations (NodeNext)', () => {
    writeFileSync(
      join(app, 'use.ts'),
      [
        "import { loadDataset, loadFramework, score, type ScoreResult } from 'jixiao';",
        "const dataset = loadDataset('x.yaml');",
        "const framework = loadFramework('futian-2023');",
        'if (dataset.ok && framework.ok) {',
        '  const result: ScoreResult = score(dataset.value, framework.value);',
        '  const total: string = result.total;',
        '  console.log(total, result.problems.length);',
        '  // @ts-expect-error the total is a decimal string, not a number',
        '  const wrong: number = result.total;',
        '  console.log(wrong);',
        '}',
      ].join('\n'),
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          typeRoots: [join(ROOT, 'node_modules/@types')],
          types: ['node'],
        },
        files: ['use.ts'],
      }),
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    ok(run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app }), 'tsc --noEmit');
  });
});

describe('installed package on Node 22 (JIXIAO_NODE22)', () => {
  const node22 = process.env.JIXIAO_NODE22;
  if (!node22) {
    test(
      'Node 22 smoke test',
      { skip: process.env.CI !== 'true' && 'JIXIAO_NODE22 not set (.ci/run sets it)' },
      () => {
        assert.fail('JIXIAO_NODE22 must name a Node 22 binary under CI');
      },
    );
    return;
  }
  test('JIXIAO_NODE22 is Node 22', () => {
    assert.match(ok(run(node22, ['--version']), 'node22 --version').stdout, /^v22\./);
  });
  installedUse(node22);
});
