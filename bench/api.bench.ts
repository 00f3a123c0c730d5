/**
 * The web API where people wait. The form scores live as a person types: 50 users, each sending a
 * request every 0.5 s (100 requests/s), scheduled by the clock and not by the answers (an open loop:
 * a slow answer does not slow the arrivals, and its latency counts from when it was due). p50/p95 of
 * scoring unsaved input and of saving, on PGlite and on PostgreSQL (TEST_DATABASE_URL, or a private
 * PostgreSQL 15 cluster started for the run), each beside GET /api/health under the same open loop in
 * the same run; and the saturation throughput (requests/s, closed loop) of each. The server runs in a
 * process of its own (bench/api-server.ts), so the load generator does not share its event loop.
 * Also the first page load in chromium (cold cache, sign-in cookie set) against a cold /api/health.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { freshPglite, postgresAvailable, stopPostgres } from '../test/storage/db-helpers.ts';
import type { BenchResult } from './types.ts';
import { CHROMIUM, buildWeb, launchChromium } from '../test/web/browser.ts';
import { setup, type ServerInfo } from './api-server.ts';
import { startBenchServer } from './server-process.ts';
import { fileURLToPath } from 'node:url';

const USERS = 50;
const PERIOD_MS = 500;
const DURATION_MS = 10_000;
/** While typing, each user also saves now and then, and the baseline request runs in the same load. */
const SAVE_PERIOD_MS = 5000;
const HEALTH_PERIOD_MS = 5000;
const SATURATION_CLIENTS = 16;
const SATURATION_MS = 4000;
/** Targets: the live score should feel immediate, a save is a deliberate click. */
const TARGETS = { score: 100, save: 200 } as const;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

type Send = (user: number, i: number) => Promise<Response>;

interface Sends {
  health: Send;
  score: Send;
  save: Send;
}

/** The three requests, for user u (their own department's dataset); a save carries the user's last version. */
function requests(info: ServerInfo): Sends {
  const base = info.url;
  const headers = { 'content-type': 'application/json', cookie: info.cookie, origin: base };
  const scoreBodies = info.data.map((d) => JSON.stringify({ data: d }));
  const versions = info.datasets.map(() => 1);
  return {
    health: () => fetch(`${base}/api/health`, { headers: { cookie: info.cookie } }),
    score: (u) =>
      fetch(`${base}/api/datasets/${info.datasets[u]}/score`, {
        method: 'POST',
        headers,
        body: scoreBodies[u]!,
      }),
    save: async (u, i) => {
      const d = structuredClone(info.data[u]) as { satisfaction: { score: string } };
      d.satisfaction.score = String(80 + (i % 20));
      const res = await fetch(`${base}/api/datasets/${info.datasets[u]}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ version: versions[u], data: d }),
      });
      if (res.ok) versions[u]! += 1;
      return res;
    },
  };
}

/**
 * One stream of an open loop: user u sends request i at start + (u + offset)·period/USERS + i·period.
 * Latency is measured from that due time, so a late send (the generator, or — `serial` — the same
 * user's previous request still running, as a save waits for the version of the one before) counts
 * against the server rather than hiding.
 */
async function stream(
  send: Send,
  start: number,
  period: number,
  offset: number,
  serial: boolean,
): Promise<number[]> {
  const times: number[] = [];
  const count = Math.floor(DURATION_MS / period);
  await Promise.all(
    Array.from({ length: USERS }, async (_, u) => {
      let previous: Promise<void> = Promise.resolve();
      const mine: Promise<void>[] = [];
      for (let i = 0; i < count; i++) {
        const due = start + ((u + offset) * period) / USERS + i * period;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((ok) => setTimeout(ok, wait));
        const before = previous;
        const one = (async () => {
          if (serial) await before;
          const res = await send(u, i);
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          times.push(performance.now() - due);
        })();
        previous = one;
        mine.push(one);
      }
      await Promise.all(mine);
    }),
  );
  return times.sort((a, b) => a - b);
}

/**
 * The typing load: every user scores every PERIOD_MS (100 requests/s); at the same time every user
 * saves every SAVE_PERIOD_MS and checks /api/health every HEALTH_PERIOD_MS, both also on the clock.
 */
async function typingLoad(sends: Sends): Promise<{ score: number[]; save: number[]; health: number[] }> {
  const start = performance.now() + 100;
  const [score, save, health] = await Promise.all([
    stream(sends.score, start, PERIOD_MS, 0, false),
    stream(sends.save, start, SAVE_PERIOD_MS, 0.5, true),
    stream(sends.health, start, HEALTH_PERIOD_MS, 0.25, false),
  ]);
  return { score, save, health };
}

/** Closed loop with SATURATION_CLIENTS clients for SATURATION_MS: completed requests per second. */
async function saturation(send: Send): Promise<number> {
  let done = 0;
  const end = performance.now() + SATURATION_MS;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: SATURATION_CLIENTS }, async (_, u) => {
      for (let i = 0; performance.now() < end; i++) {
        const res = await send(u % USERS, i);
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        done++;
      }
    }),
  );
  return (done * 1000) / (performance.now() - t0);
}

/**
 * Starts bench/api-server.ts in a child process. JIXIAO_BENCH_SERVER_ARGS adds node flags;
 * JIXIAO_BENCH_PROFILE (a file name) makes the server profile its serving.
 */
async function serverProcess(
  kind: 'pglite' | 'postgres',
): Promise<{ child: ChildProcess; info: ServerInfo; cpuMs: () => Promise<number> }> {
  const nodeArgs = (process.env.JIXIAO_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const { child, info, ask } = await startBenchServer(kind, USERS, { nodeArgs });
  const cpuMs = async () => (await ask<{ cpu: number }>('cpu')).cpu / 1000;
  return { child, info, cpuMs };
}

/** Saturation throughput and the server's CPU time per request (ms) over the same run. */
async function saturationCpu(
  send: Send,
  cpuMs: () => Promise<number>,
): Promise<{ rate: number; cpu: number }> {
  const c0 = await cpuMs();
  const t0 = performance.now();
  const rate = await saturation(send);
  const n = (rate * (performance.now() - t0)) / 1000;
  return { rate, cpu: ((await cpuMs()) - c0) / n };
}

async function stop(child: ChildProcess): Promise<void> {
  await new Promise<void>((ok) => {
    child.once('exit', () => ok());
    child.stdin!.end();
  });
}

/** Saturation of one request kind alone (for profiling: `node --import tsx bench/api.bench.ts score`). */
export async function profileRun(kind: 'pglite' | 'postgres', what: keyof Sends): Promise<number> {
  const { child, info, cpuMs } = await serverProcess(kind);
  try {
    return (await saturationCpu(requests(info)[what], cpuMs)).cpu;
  } finally {
    await stop(child);
  }
}

async function apiFigures(label: string, kind: 'pglite' | 'postgres'): Promise<BenchResult[]> {
  const { child, info, cpuMs } = await serverProcess(kind);
  try {
    const sends = requests(info);
    // Warm-up (JIT, connections), not counted.
    await saturation(sends.health);
    await saturation(sends.score);
    const times = await typingLoad(sends);
    const health = await saturationCpu(sends.health, cpuMs);
    const scoreSat = await saturationCpu(sends.score, cpuMs);
    const saveSat = await saturationCpu(sends.save, cpuMs);
    const healthRate = health.rate;
    const h50 = percentile(times.health, 50);
    const h95 = percentile(times.health, 95);
    const load = `${USERS} 用户各每 ${PERIOD_MS / 1000} 秒评分一次（${(USERS * 1000) / PERIOD_MS} 次/秒，开环）`;
    const out: BenchResult[] = [];
    for (const [what, t, target, sat] of [
      ['评分（未保存输入）', times.score, TARGETS.score, scoreSat],
      [`保存（事务 + 审计，各用户每 ${SAVE_PERIOD_MS / 1000} 秒一次）`, times.save, TARGETS.save, saveSat],
    ] as const) {
      const p50 = percentile(t, 50);
      const p95 = percentile(t, 95);
      out.push(
        {
          name: `API ${label}：${what} p50，${load}`,
          value: p50,
          unit: 'ms',
          baseline: h50,
          ratio: p50 / h50,
          target: null,
          met: null,
          note: `基线为同一负载中 GET /api/health 的 p50；${t.length} 次`,
        },
        {
          name: `API ${label}：${what} p95，${load}`,
          value: p95,
          unit: 'ms',
          baseline: h95,
          ratio: p95 / h95,
          target: `≤ ${target} ms`,
          met: p95 <= target,
          note: `基线为同一负载中 GET /api/health 的 p95`,
        },
        {
          name: `API ${label}：${what.replace(/，.*）/, '）')} 饱和吞吐，${SATURATION_CLIENTS} 个客户端闭环`,
          value: sat.rate,
          unit: '次/秒',
          baseline: healthRate,
          ratio: sat.rate / healthRate,
          target: null,
          met: null,
          note: `基线为同样闭环下 GET /api/health 的吞吐`,
        },
        {
          name: `API ${label}：${what.replace(/，.*）/, '）')} 服务进程 CPU 时间/次（饱和时）`,
          value: sat.cpu,
          unit: 'ms',
          baseline: health.cpu,
          ratio: sat.cpu / health.cpu,
          target: null,
          met: null,
          note: '基线为 GET /api/health 每次的 CPU 时间；与机器负载关系较小，便于比较改动前后',
        },
      );
    }
    return out;
  } finally {
    await stop(child);
  }
}

async function pageLoad(): Promise<BenchResult[]> {
  const dist = await buildWeb('jixiao-bench-web-');
  const store = await freshPglite();
  try {
    const { running, info } = await setup(store, 1, dist);
    if (!existsSync(CHROMIUM)) return [];
    const browser = await launchChromium();
    try {
      const [name, value] = info.cookie.split('=') as [string, string];
      const cold = async (fn: (page: Page) => Promise<void>) => {
        const ctx = await browser.newContext();
        await ctx.addCookies([{ name, value, url: running.url }]);
        const page = await ctx.newPage();
        const t0 = performance.now();
        await fn(page);
        const t = performance.now() - t0;
        await ctx.close();
        return t;
      };
      const median = async (fn: (page: Page) => Promise<void>) => {
        await cold(fn);
        const ts = [];
        for (let i = 0; i < 5; i++) ts.push(await cold(fn));
        return ts.sort((a, b) => a - b)[2]!;
      };
      const page = await median(async (p) => {
        await p.goto(`${running.url}/#/datasets/${info.datasets[0]}`);
        await p.getByTestId('score-total').waitFor();
      });
      const baseline = await median(async (p) => {
        await p.goto(`${running.url}/api/health`);
      });
      return [
        {
          name: '首次打开页面：冷缓存到显示得分（数据填报页）',
          value: page,
          unit: 'ms',
          baseline,
          ratio: page / baseline,
          target: '≤ 3000 ms',
          met: page <= 3000,
          note: '基线为同一浏览器冷缓存打开 /api/health；中位数（5 次）',
        },
      ];
    } finally {
      await browser.close();
      await running.close();
    }
  } finally {
    await store.close();
    rmSync(dist, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  try {
    return await measure();
  } finally {
    stopPostgres();
  }
}

async function measure(): Promise<BenchResult[]> {
  const only = process.env.JIXIAO_BENCH_API_ONLY; // 'pglite' | 'postgres': one backend, no page load
  const out: BenchResult[] = [];
  if (only !== 'postgres') out.push(...(await apiFigures('PGlite', 'pglite')));
  if (only !== 'pglite' && postgresAvailable()) out.push(...(await apiFigures('PostgreSQL', 'postgres')));
  if (!only) out.push(...(await pageLoad()));
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const what = (process.argv[2] ?? 'score') as keyof Sends;
  const kind = process.argv[3] === 'postgres' ? 'postgres' : 'pglite';
  try {
    console.log(`${what}（${kind}）服务进程 CPU：${(await profileRun(kind, what)).toFixed(2)} ms/次`);
  } finally {
    stopPostgres();
  }
}
