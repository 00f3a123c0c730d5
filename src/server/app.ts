/**
 * The HTTP API and the built front end, on Hono. Every route is declared through `route()` with its
 * access level, so the OpenAPI document and the access tests see every endpoint there is.
 *
 * Access: 填报人 (filler) reads and writes only their own department; 复核人 (reviewer) reads every
 * department and records review scores; 管理员 (admin) manages users, departments and frameworks.
 * A dataset or department the user may not read answers 404, the same as one that does not exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { Decimal, fixed, percent } from '../core/decimal.ts';
import { MetricContext } from '../core/metrics/registry.ts';
import { findTextProblems, MAX_NESTING, nestingDepth } from '../core/text.ts';
import type { Dataset } from '../core/dataset/schema.ts';
import { changes, positionPath } from '../core/dataset/merge.ts';
import { idListPaths } from '../core/dataset/schema-paths.ts';
import type { FieldError } from '../core/dataset/parse.ts';
import {
  buildWorkbook,
  dataHash,
  readWorkbook,
  WORKBOOK_MAX_BYTES,
  type ParseLimits,
  type WorkbookRecord,
} from '../adapters/xlsx/workbook.ts';
import { frameworkFieldsOf } from '../core/dataset/sections.ts';
import {
  countUsers,
  createDepartment,
  createSession,
  createUser,
  deleteExpiredSessions,
  deleteSession,
  deleteUserSessions,
  findDepartmentByName,
  getUser,
  renameDepartment,
  setUserDisabled,
  findUserForLogin,
  getDataset,
  getDatasetAccess,
  getDatasetHead,
  getDepartment,
  getPasswordHash,
  insertAudit,
  insertReview,
  listAudit,
  listDatasets,
  listDepartments,
  listReviews,
  listUsers,
  listVersions,
  listYears,
  sessionUser,
  setPassword,
  type DatasetHead,
  type DatasetRow,
  type UserRow,
} from '../storage/repo.ts';
import type { DB, Role } from '../storage/schema.ts';
import { ROLE_LABELS } from '../storage/schema.ts';
import {
  dummyVerify,
  hashPassword,
  newPassword,
  passwordProblem,
  newToken,
  SESSION_COOKIE,
  SESSION_HOURS,
  tokenHash,
  verifyPassword,
} from './auth.ts';
import type {
  AuditResponse,
  BureauSummaryResponse,
  ChartsResponse,
  DatasetResponse,
  EvaluationView,
  FrameworkNodeView,
  FrameworkResponse,
  HistoryResponse,
  HistoryYear,
  ReviewsResponse,
  SaveResponse,
  StoredData,
} from './api-types.ts';
import { bureauSummary, bureauWorkbook, staleReviewNote, withStaleness } from './bureau.ts';
import {
  DEFAULT_PDF_LIMITS,
  findingsAvailable,
  JobQueue,
  type QueueLimits,
  renderReport,
  renderReportHtml,
  renderReportPdf,
  reportAvailable,
} from './extras.ts';
import type { FrameworkRegistry } from './frameworks.ts';
import { loginKeys, passwordCheckKeys, Throttle, waitText } from './throttle.ts';
import { changeViews, conflictViews } from './merge-views.ts';
import { buildOpenApi, type Access, type RouteDoc } from './openapi.ts';
import { blankFrom, createBlankYear } from './new-year.ts';
import { createDataset, evaluate, evaluationView, saveDataset } from './service.ts';
import type { IndicatorNode } from '../core/framework/schema.ts';
import { evaluatorAsks } from '../core/rules/registry.ts';
import { datasetCharts, distributionChart, historyChart } from './charts.ts';
import { HttpError, NOT_FOUND, type C, type Env, type Method, type RouteKit } from './kit.ts';
import { ROUTE_MODULES } from './routes/index.ts';
import { editableGuard } from './routes/submission.ts';

export interface AppOptions {
  db: Kysely<DB>;
  frameworks: FrameworkRegistry;
  /** Folder of the built front end (web/dist); omit to serve the API only. */
  staticDir?: string | undefined;
  /**
   * Extra origins allowed to send writes (besides the server's own). Their host names are also the
   * names the server answers to, besides localhost and IP addresses (see hostAllowed).
   */
  allowedOrigins?: string[] | undefined;
  /** Send the session cookie with Secure (behind HTTPS). */
  secureCookies?: boolean | undefined;
  /** Version text for /api/health. */
  version?: string | undefined;
  /**
   * Called after writes worth making durable at once (a workbook import, a review): PGlite does not
   * fsync, so the server checkpoints there.
   */
  afterImportantWrite?: (() => Promise<void>) | undefined;
  /** Folder for 佐证材料 content (DATA_DIR/evidence); omit to keep content in the database. */
  evidenceDir?: string | undefined;
  /** Limits of the child process that parses uploaded workbooks (memory, time). */
  workbookLimits?: ParseLimits | undefined;
  /** PDF conversions (LibreOffice) at once, per user and waiting; default DEFAULT_PDF_LIMITS. */
  pdfLimits?: QueueLimits | undefined;
  /**
   * Behind a reverse proxy: take the client's address from the last X-Forwarded-For entry (the one the
   * proxy added) instead of the socket, for the per-address sign-in budget.
   */
  trustProxy?: boolean | undefined;
  /** The clock of the sign-in budgets (tests move it). */
  now?: (() => Date) | undefined;
}

const JSON_BODY_LIMIT = 2 * 1024 * 1024;

// The bodies of the two requests the form sends most (score while typing, save). Built once: zod 4
// compiles an object schema on its first parse, ≈ 0.05–0.13 ms, paid again by a schema built per request.
const SCORE_BODY = z.object({ data: z.unknown() });
const SAVE_BODY = z.object({
  version: z.number().int().min(1),
  data: z.unknown(),
  picks: z.record(z.string().max(500), z.enum(['mine', 'theirs'])).optional(),
});

export { HttpError } from './kit.ts';

export function createApp(options: AppOptions) {
  const { db, frameworks } = options;
  // Derive the schema's list paths now (≈ 0.15 s cold), not during the first save.
  idListPaths();
  const app = new Hono<Env>();
  const pdfJobs = new JobQueue(options.pdfLimits ?? DEFAULT_PDF_LIMITS, ' PDF 报告');
  const docs: RouteDoc[] = [];

  // Security headers on every answer.
  app.use('*', async (c, next) => {
    await next();
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'",
    );
  });

  app.onError((err, c) => {
    if (err instanceof HttpError)
      return c.json({ code: err.code, message: err.message, ...err.extra }, err.status);
    logInternal(err, `${c.req.method} ${new URL(c.req.url).pathname}`);
    return c.json({ code: 'internal', message: '服务器内部错误，请稍后重试或联系管理员' }, 500);
  });

  // DNS rebinding: a page on a name that resolves to this server must not reach it, so the server
  // answers only to the names it is known by (see hostAllowed).
  const knownHosts = new Set(
    (options.allowedOrigins ?? []).flatMap((o) => {
      try {
        return [new URL(o).hostname.toLowerCase()];
      } catch {
        return [];
      }
    }),
  );
  app.use('*', async (c, next) => {
    const host = new URL(c.req.url).hostname.toLowerCase();
    if (!hostAllowed(host, knownHosts))
      throw new HttpError(
        421,
        'bad_host',
        `本服务不以“${host}”为名提供访问：经域名访问时，请在 ALLOWED_ORIGINS 中列出该地址（如 http://${host}:端口）`,
      );
    return next();
  });

  // Writes: from our own origin only (hono's csrf guard does not cover JSON bodies). Each route then
  // takes JSON only, unless it is declared an upload (a file as the raw body; see route()).
  app.use('/api/*', async (c, next) => {
    const m = c.req.method;
    if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return next();
    const origin = c.req.header('origin');
    const own = new URL(c.req.url).origin;
    const allowed = new Set([own, ...(options.allowedOrigins ?? [])]);
    if (origin !== undefined && !allowed.has(origin))
      throw new HttpError(403, 'bad_origin', `拒绝来自其他来源（${origin}）的写请求`);
    const site = c.req.header('sec-fetch-site');
    if (origin === undefined && site && site !== 'same-origin' && site !== 'none')
      throw new HttpError(403, 'bad_origin', '拒绝跨站写请求');
    return next();
  });

  const limit = (bytes: number) =>
    bodyLimit({
      maxSize: bytes,
      onError: () => {
        throw new HttpError(413, 'too_large', `请求体过大（上限 ${Math.round(bytes / 1048576)} MB）`);
      },
    });

  // Who is asking: the session is read from the database on every request (one indexed query, no
  // process cache), so a sign-out, a disabled account or a changed password ends the session at once
  // in every server process sharing the database.
  app.use('/api/*', async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    c.set('user', token ? ((await sessionUser(db, tokenHash(token))) ?? null) : null);
    return next();
  });

  const clientAddress = (c: C): string => {
    if (options.trustProxy) {
      const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((x) => x.trim());
      const last = hops.filter(Boolean).pop();
      if (last) return last;
    }
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown'; // app.request() in tests has no socket
    }
  };

  const ACCESS_CHECK: Record<Access, (c: C) => UserRow | null> = {
    public: () => null,
    user: (c) => needUser(c),
    department: (c) => needUser(c),
    dataset: (c) => needUser(c),
    reviewer: (c) => {
      const u = needUser(c);
      if (u.role !== 'reviewer' && u.role !== 'admin')
        throw new HttpError(403, 'forbidden', '仅复核人或管理员可用');
      return u;
    },
    admin: (c) => {
      const u = needUser(c);
      if (u.role !== 'admin') throw new HttpError(403, 'forbidden', '仅管理员可用');
      return u;
    },
  };

  function needUser(c: C): UserRow {
    const u = c.get('user');
    if (!u) throw new HttpError(401, 'unauthenticated', '请先登录');
    const p = new URL(c.req.url).pathname;
    if (u.mustChangePassword && !['/api/me', '/api/me/password', '/api/auth/logout'].includes(p))
      throw new HttpError(403, 'password_change_required', '首次登录请先修改密码');
    return u;
  }

  const jsonOnly = async (c: C, next: () => Promise<void>) => {
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? ''))
      throw new HttpError(415, 'unsupported_media_type', '只接受 application/json 格式的请求');
    return next();
  };

  function route(
    method: Method,
    path: string,
    doc: Omit<RouteDoc, 'method' | 'path'>,
    handler: (c: C, user: UserRow) => Response | Promise<Response>,
    bodyBytes = JSON_BODY_LIMIT,
  ) {
    docs.push({ method, path, ...doc });
    const h = async (c: C) => handler(c, ACCESS_CHECK[doc.access](c) as UserRow);
    if (method === 'get') app.get(path, h);
    // An upload reads its own body as a stream and counts its own bytes (no buffering body limit).
    else if (doc.upload) app[method](path, h);
    else app[method](path, jsonOnly, limit(bodyBytes), h);
  }

  async function body<T>(c: C, schema: z.ZodType<T>): Promise<T> {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw new HttpError(400, 'bad_json', '请求体不是有效的 JSON');
    }
    if (nestingDepth(raw) > MAX_NESTING)
      throw new HttpError(400, 'too_deep', `请求内容嵌套过深（超过 ${MAX_NESTING} 层），不是可以接受的数据`);
    const refused = textProblemsOutsideData(raw);
    const r = refused.length ? null : schema.safeParse(raw);
    if (!r?.success) {
      const errors = refused.length
        ? refused
        : r!.error.issues.map((i) => ({ path: i.path.join('.') || '（根）', message: i.message }));
      throw new HttpError(
        400,
        'bad_request',
        `请求内容有误：${errors.map((e) => `${bodyLabel(e.path)}：${e.message}`).join('；')}`,
        { errors },
      );
    }
    return r.data;
  }

  const intParam = (c: C, name: string): number => {
    const v = c.req.param(name) ?? '';
    if (!/^\d{1,9}$/.test(v)) throw NOT_FOUND();
    return Number(v);
  };

  const canRead = (u: UserRow, departmentId: number) =>
    u.role !== 'filler' || u.departmentId === departmentId;
  const canWrite = (u: UserRow, departmentId: number) =>
    u.role === 'admin' || (u.role === 'filler' && u.departmentId === departmentId);

  async function datasetFor(c: C, u: UserRow, mode: 'read' | 'write'): Promise<DatasetHead> {
    const row = await getDatasetHead(db, intParam(c, 'datasetId'));
    if (!row || !canRead(u, row.departmentId)) throw NOT_FOUND();
    if (mode === 'write' && !canWrite(u, row.departmentId))
      throw new HttpError(403, 'forbidden', '您只能查看本数据，不能修改');
    return row;
  }

  async function full(head: DatasetHead): Promise<DatasetRow> {
    const row = await getDataset(db, head.id);
    if (!row) throw NOT_FOUND();
    return row;
  }

  async function departmentFor(c: C, u: UserRow, mode: 'read' | 'write') {
    const dept = await getDepartment(db, intParam(c, 'departmentId'));
    if (!dept || !canRead(u, dept.id)) throw NOT_FOUND();
    if (mode === 'write' && !canWrite(u, dept.id))
      throw new HttpError(403, 'forbidden', '您不能修改该部门的数据');
    return dept;
  }

  const publicUser = (u: UserRow) => ({ ...u, roleLabel: ROLE_LABELS[u.role] });
  const datasetMeta = (r: DatasetHead) => ({
    id: r.id,
    departmentId: r.departmentId,
    departmentName: r.departmentName,
    year: r.year,
    frameworkId: r.frameworkId,
    version: r.version,
    selfScore: r.selfScore,
    grade: r.grade,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
  });

  // Health and description ------------------------------------------------------------------------

  route('get', '/api/health', { summary: '健康检查', access: 'public' }, async (c) => {
    return c.json({ ok: true, version: options.version ?? '0.1.0' });
  });

  route('get', '/api/openapi.json', { summary: '本 API 的 OpenAPI 3.1 描述', access: 'public' }, (c) =>
    c.json(buildOpenApi(docs, options.version ?? '0.1.0')),
  );

  // Sign-in ---------------------------------------------------------------------------------------

  const throttle = new Throttle(db, options.now);
  const tooMany = (wait: number, what: string) =>
    new HttpError(429, 'too_many_attempts', `${what}失败次数过多，请 ${waitText(wait)}后再试`);

  const loginBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
  route(
    'post',
    '/api/auth/login',
    { summary: '登录（设置 HttpOnly 会话 Cookie）', access: 'public', body: '{username, password}' },
    async (c) => {
      const b = await body(c, loginBody);
      const name = b.username.trim();
      const keys = loginKeys(name, clientAddress(c));
      const wait = await throttle.blockedFor(keys.all);
      if (wait > 0) throw tooMany(wait, '登录');
      const found = await findUserForLogin(db, name);
      if (!found) {
        await dummyVerify(b.password);
        await throttle.fail(keys.all);
        throw new HttpError(401, 'bad_credentials', '用户名或密码不正确');
      }
      if (!(await verifyPassword(b.password, found.passwordHash))) {
        await throttle.fail(keys.all);
        throw new HttpError(401, 'bad_credentials', '用户名或密码不正确');
      }
      // Said only after the right password, so it reveals nothing to a guesser.
      if (found.disabled) throw new HttpError(403, 'disabled', '该账户已被管理员停用，请联系管理员');
      await throttle.clear(keys.onSuccess);
      await deleteExpiredSessions(db);
      const token = newToken();
      await createSession(db, tokenHash(token), found.id, new Date(Date.now() + SESSION_HOURS * 3600_000));
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        secure: options.secureCookies ?? false,
        maxAge: SESSION_HOURS * 3600,
      });
      const { passwordHash: _h, ...user } = found;
      return c.json({ user: publicUser(user) });
    },
  );

  route('post', '/api/auth/logout', { summary: '退出登录', access: 'public' }, async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deleteSession(db, tokenHash(token));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  });

  route('get', '/api/me', { summary: '当前用户', access: 'user' }, async (c, u) => {
    const dept = u.departmentId ? await getDepartment(db, u.departmentId) : undefined;
    return c.json({
      user: publicUser(u),
      department: dept ?? null,
      features: { findings: findingsAvailable(), report: reportAvailable() },
    });
  });

  const passwordBody = z.object({ oldPassword: z.string().max(200), newPassword: z.string().max(200) });
  route(
    'post',
    '/api/me/password',
    { summary: '修改自己的密码', access: 'user', body: '{oldPassword, newPassword}' },
    async (c, u) => {
      const b = await body(c, passwordBody);
      // The old-password check is a password guess like a sign-in: the same kind of budget.
      const keys = passwordCheckKeys(u.id);
      const wait = await throttle.blockedFor(keys);
      if (wait > 0) throw tooMany(wait, '原密码核对');
      const hash = await getPasswordHash(db, u.id);
      if (!hash || !(await verifyPassword(b.oldPassword, hash))) {
        await throttle.fail(keys);
        throw new HttpError(400, 'bad_password', '原密码不正确');
      }
      await throttle.clear(keys);
      const problem = passwordProblem(b.newPassword, u.username);
      if (problem) throw new HttpError(400, 'weak_password', problem);
      if (await verifyPassword(b.newPassword, hash))
        throw new HttpError(400, 'weak_password', '新密码不能与当前密码相同');
      const token = getCookie(c, SESSION_COOKIE);
      const newHash = await hashPassword(b.newPassword);
      await db.transaction().execute(async (tx) => {
        await setPassword(tx, u.id, newHash, false);
        // Every other session of this user ends (a stolen cookie does not outlive the change).
        await deleteUserSessions(tx, u.id, token ? tokenHash(token) : undefined);
      });
      return c.json({ ok: true });
    },
  );

  // Frameworks ------------------------------------------------------------------------------------

  route('get', '/api/frameworks', { summary: '可用的指标体系框架', access: 'user' }, (c) =>
    c.json({ frameworks: frameworks.list() }),
  );

  route('get', '/api/frameworks/:frameworkId', { summary: '一个框架的指标树', access: 'user' }, (c) => {
    const f = frameworks.get(c.req.param('frameworkId') ?? '');
    if (!f) throw NOT_FOUND();
    return c.json({ framework: { ...f, indicators: withAsks(f.indicators) } } satisfies FrameworkResponse);
  });

  route(
    'post',
    '/api/frameworks',
    { summary: '上传指标体系框架（YAML 或 JSON 文本）', access: 'admin', body: '{text}' },
    async (c) => {
      const b = await body(c, z.object({ text: z.string().min(1).max(1_000_000) }));
      const r = await frameworks.upload(db, b.text);
      if (!r.ok) throw new HttpError(422, 'invalid', '框架文件有误', { errors: r.errors });
      return c.json({ id: r.id });
    },
  );

  // Departments and datasets ---------------------------------------------------------------------

  route(
    'get',
    '/api/departments',
    { summary: '部门列表（填报人只看到本部门）', access: 'user' },
    async (c, u) => {
      const depts = await listDepartments(db, u.role === 'filler' ? u.departmentId : undefined);
      const datasets = await listDatasets(db, {
        departmentId: u.role === 'filler' ? u.departmentId : undefined,
      });
      return c.json({
        departments: depts.map((d) => ({
          ...d,
          datasets: datasets.filter((s) => s.departmentId === d.id).map(datasetMeta),
        })),
        years: await listYearsFor(u),
      });
    },
  );

  async function listYearsFor(u: UserRow): Promise<number[]> {
    if (u.role !== 'filler') return listYears(db);
    return (await listDatasets(db, { departmentId: u.departmentId }))
      .map((d) => d.year)
      .sort((a, b) => b - a);
  }

  route(
    'post',
    '/api/departments',
    { summary: '新建部门', access: 'admin', body: '{name, code?}' },
    async (c) => {
      const b = await body(
        c,
        z.object({ name: z.string().trim().min(1).max(200), code: z.string().max(50).optional() }),
      );
      if (await findDepartmentByName(db, b.name)) throw new HttpError(409, 'exists', `部门“${b.name}”已存在`);
      return c.json({ department: await createDepartment(db, b.name, b.code ?? null) });
    },
  );

  route(
    'put',
    '/api/departments/:departmentId',
    { summary: '部门改名（各年度数据中的部门名称不变）', access: 'admin', body: '{name}' },
    async (c, admin) => {
      const dept = await departmentFor(c, admin, 'read');
      const b = await body(
        c,
        z.object({ name: z.string().trim().min(1, '请填写部门名称').max(200, '部门名称最多 200 个字') }),
      );
      if (!(await renameDepartment(db, dept.id, b.name)))
        throw new HttpError(409, 'exists', `已有名为“${b.name}”的部门`);
      return c.json({ department: await getDepartment(db, dept.id) });
    },
  );

  route(
    'get',
    '/api/departments/:departmentId/datasets',
    { summary: '一个部门各年度的数据', access: 'department' },
    async (c, u) => {
      const dept = await departmentFor(c, u, 'read');
      return c.json({
        department: dept,
        datasets: (await listDatasets(db, { departmentId: dept.id })).map(datasetMeta),
      });
    },
  );

  route(
    'post',
    '/api/departments/:departmentId/datasets',
    {
      summary: '新建一个年度的数据（可从上年复制结构）',
      access: 'department',
      body: '{year, frameworkId?, data?}',
    },
    async (c, u) => {
      const dept = await departmentFor(c, u, 'write');
      const b = await body(
        c,
        z.object({
          year: z.number().int().min(2000).max(2100),
          frameworkId: z.string().optional(),
          data: z.unknown().optional(),
        }),
      );
      const frameworkId = b.frameworkId ?? frameworks.defaultId();
      if (!frameworks.get(frameworkId))
        throw new HttpError(400, 'bad_request', `没有指标体系框架“${frameworkId}”`);
      let r: { status: 'created' | 'exists'; id: number } | { status: 'invalid'; errors: unknown[] };
      if (b.data === undefined) {
        // A blank year: last year's structure, this year's amounts empty (未填报 until filled in).
        // The latest earlier year that is filled in (an unfilled one has no structure worth carrying).
        let previous: Dataset | null = null;
        for (const d of (await listDatasets(db, { departmentId: dept.id }))
          .filter((x) => x.year < b.year)
          .reverse()) {
          const ev = evaluate(frameworks, d.data, d.frameworkId);
          if (ev.ok) {
            previous = ev.dataset;
            break;
          }
        }
        const blank = blankFrom(previous, dept, b.year, frameworkId);
        r = await createBlankYear(db, actor(u), dept, b.year, frameworkId, blank);
      } else r = await createDataset(db, frameworks, actor(u), dept, b.year, b.data, frameworkId);
      if (r.status === 'invalid') throw new HttpError(422, 'invalid', '数据有误', { errors: r.errors });
      if (r.status === 'exists')
        throw new HttpError(409, 'exists', `${b.year} 年度的数据已存在`, { id: r.id });
      return c.json({ id: r.id }, 201);
    },
  );

  const actor = (u: UserRow) => ({ id: u.id, name: u.displayName });

  route(
    'get',
    '/api/datasets/:datasetId',
    { summary: '一个年度数据、得分与复核', access: 'dataset' },
    async (c, u) => {
      const row = await full(await datasetFor(c, u, 'read'));
      const ev = evaluate(frameworks, row.data, row.frameworkId);
      const reviews = withStaleness(await listReviews(db, [row.id]), row.version);
      return c.json({
        dataset: datasetMeta(row),
        data: row.data as StoredData,
        evaluation: evaluationView(frameworks, ev),
        reviews,
        can: { write: canWrite(u, row.departmentId), review: u.role === 'reviewer' || u.role === 'admin' },
      } satisfies DatasetResponse);
    },
  );

  /**
   * The unsaved input of a request ({data}) evaluated under its dataset's framework. The hot path of
   * the form (a request per pause in typing): the lightest access query.
   */
  async function evaluateUnsaved(c: C, u: UserRow) {
    const row = await getDatasetAccess(db, intParam(c, 'datasetId'));
    if (!row || !canRead(u, row.departmentId)) throw NOT_FOUND();
    const b = await body(c, SCORE_BODY);
    return evaluate(frameworks, b.data, row.frameworkId);
  }

  route(
    'post',
    '/api/datasets/:datasetId/score',
    { summary: '对未保存的输入评分（不写入）', access: 'dataset', body: '{data}' },
    async (c, u) => c.json(evaluationView(frameworks, await evaluateUnsaved(c, u)) satisfies EvaluationView),
  );

  route(
    'post',
    '/api/datasets/:datasetId/charts',
    { summary: '未保存输入的图表（与报告中的图相同，SVG）', access: 'dataset', body: '{data}' },
    async (c, u) => {
      const ev = await evaluateUnsaved(c, u);
      return c.json({
        charts: ev.ok ? datasetCharts(ev.dataset, ev.result.indicators) : [],
      } satisfies ChartsResponse);
    },
  );

  route(
    'put',
    '/api/datasets/:datasetId',
    {
      summary:
        '保存：version 为所依据的版本；他人已保存新版本时逐字段三方合并，双方都改的字段返回 409 逐项列出（picks 逐项选择后再保存）',
      access: 'dataset',
      body: '{version, data, picks?}',
    },
    async (c, u) => {
      const row = await datasetFor(c, u, 'write');
      const b = await body(c, SAVE_BODY);
      const r = await saveDataset(db, frameworks, actor(u), row.id, b.version, b.data, {
        frameworkId: row.frameworkId,
        ...(b.picks ? { picks: b.picks } : {}),
        // A submitted (under review, passed) dataset is frozen: refused inside the save's transaction.
        guard: editableGuard(row.id),
      });
      return respondSave(c, r, b.version);
    },
  );

  function respondSave(
    c: C,
    r: Awaited<ReturnType<typeof saveDataset>>,
    baseVersion: number,
    locate?: (path: string) => { sheet: string; cell: string } | undefined,
  ) {
    switch (r.status) {
      case 'notfound':
        throw NOT_FOUND();
      case 'invalid':
        throw new HttpError(422, 'invalid', `数据有 ${r.errors.length} 处错误，未保存`, { errors: r.errors });
      case 'conflict': {
        const names = frameworks.get(r.current.frameworkId);
        const conflicts = conflictViews(r.conflicts, { theirs: r.current.data, mine: r.mine }, names, locate);
        throw new HttpError(
          409,
          'conflict',
          `${r.current.updatedBy ?? '其他人'}已于 ${shanghai(r.current.updatedAt)} 保存了第 ${r.current.version} 版；您的修改基于第 ${baseVersion} 版。其中 ${conflicts.length} 处双方都改了且不同，尚未保存任何内容：请逐项选择保留哪一方。`,
          {
            base: { version: baseVersion },
            mine: { version: baseVersion, data: r.mine },
            current: datasetMeta(r.current),
            conflicts,
          },
        );
      }
      case 'saved': {
        const names = frameworks.get(r.row.frameworkId);
        const kept = [
          ...new Set(changeViews(r.kept, { before: r.theirs, after: r.theirs }, names).map((k) => k.label)),
        ];
        return c.json({
          dataset: datasetMeta(r.row),
          data: r.row.data as StoredData,
          changes: r.changes,
          kept,
          evaluation: evaluationView(frameworks, r.evaluation),
        } satisfies SaveResponse);
      }
    }
  }

  route(
    'get',
    '/api/datasets/:datasetId/audit',
    { summary: '修改记录（谁、何时、字段、原值、新值）', access: 'dataset' },
    async (c, u) => {
      const row = await datasetFor(c, u, 'read');
      return c.json({ audit: await listAudit(db, row.id) } satisfies AuditResponse);
    },
  );

  route(
    'get',
    '/api/datasets/:datasetId/history',
    { summary: '同一部门历年对比', access: 'dataset' },
    async (c, u) => {
      const row = await datasetFor(c, u, 'read');
      const rows = await listDatasets(db, { departmentId: row.departmentId });
      const reviews = await listReviews(
        db,
        rows.map((r) => r.id),
      );
      const years = rows.map((r): HistoryYear => {
        const ev = evaluate(frameworks, r.data, r.frameworkId);
        const review = reviews.filter((v) => v.datasetId === r.id).pop();
        return {
          id: r.id,
          year: r.year,
          selfScore: r.selfScore,
          grade: r.grade,
          reviewScore: review?.score ?? null,
          reviewStale: review ? staleReviewNote(review.datasetVersion, r.version) : null,
          level2: ev.ok
            ? ev.result.indicators.flatMap((l1) =>
                (l1.children ?? []).map((l2) => ({
                  code: l2.code,
                  name: l2.name,
                  weight: l2.weight,
                  score: l2.score,
                })),
              )
            : [],
          figures: ev.ok ? historyFigures(ev) : null,
        };
      });
      return c.json({ years, chart: historyChart(years) } satisfies HistoryResponse);
    },
  );

  route(
    'get',
    '/api/datasets/:datasetId/workbook.xlsx',
    { summary: '下载填报工作簿（.xlsx，记录所依据的数据与版本）', access: 'dataset' },
    async (c, u) => {
      const row = await full(await datasetFor(c, u, 'read'));
      const buf = await buildWorkbook(row.data, {
        department: row.departmentName,
        year: row.year,
        dataset: row.id,
        version: row.version,
        frameworkFields: frameworkFieldsOf(frameworks.get(row.frameworkId)),
      });
      return download(c, buf, `${row.departmentName}-${row.year}-填报表.xlsx`, XLSX_TYPE);
    },
  );

  route(
    'post',
    '/api/datasets/:datasetId/workbook',
    {
      summary:
        '上传填报工作簿：按工作簿记录的版本三方合并（双方都改的单元格返回 409，不做修改）；没有记录的工作簿先返回将修改的全部字段，confirm 为该列表所依据的版本时才导入；有错误时不做任何修改，错误指明工作表和单元格',
      access: 'dataset',
      body: '{file (base64 .xlsx), confirm?}',
    },
    async (c, u) => {
      const row = await full(await datasetFor(c, u, 'write'));
      // A frozen (submitted) dataset: refused before the workbook is parsed, and again in the save.
      await editableGuard(row.id)(db);
      const b = await body(
        c,
        z.object({
          version: z.number().int().min(1).optional(),
          confirm: z.number().int().min(1).optional(),
          file: z.string().max(WORKBOOK_MAX_BYTES * 2),
        }),
      );
      const bytes = Buffer.from(b.file, 'base64');
      // The base: the version the workbook records, if it is this dataset's and its data is unchanged.
      let base: { version: number } | null = null;
      let why = '这份工作簿没有本系统的下载记录（可能是自行制作或从其他文件复制的）';
      const read = await readWorkbook(
        bytes,
        async (record: WorkbookRecord | null) => {
          if (record && record.dataset !== row.id) why = '这份工作簿是从其他部门或其他年度的数据下载的';
          else if (record) {
            const [v] = await listVersions(db, row.id, record.version, record.version);
            if (v && dataHash(v.data) === record.hash) {
              base = { version: v.version };
              return v.data;
            }
            why = `这份工作簿记录的第 ${record.version} 版与系统中保存的第 ${record.version} 版不一致`;
          }
          return row.data;
        },
        options.workbookLimits,
        frameworkFieldsOf(frameworks.get(row.frameworkId)),
      );
      if (!read.ok)
        throw new HttpError(422, 'invalid_workbook', `工作簿有 ${read.errors.length} 处错误，未做任何修改`, {
          errors: read.errors,
        });
      const located = (errors: FieldError[]) => errors.map((e) => ({ ...e, ...(read.locate(e.path) ?? {}) }));
      const trusted = base as { version: number } | null;
      if (!trusted && b.confirm !== row.version) {
        // A workbook without a record of its origin: list every change it would make, save nothing.
        const ev = evaluate(frameworks, read.value, row.frameworkId);
        if (!ev.ok)
          throw new HttpError(422, 'invalid_workbook', `工作簿有 ${ev.errors.length} 处错误，未做任何修改`, {
            errors: located(ev.errors),
          });
        const mine = { ...ev.dataset, year: row.year };
        const list = changes(row.data, mine);
        if (list.length > 0) {
          const names = ev.framework;
          const views = changeViews(list, { before: row.data, after: mine }, names, (ch) => {
            const p = positionPath(mine, ch.segs);
            return p ? read.locate(p) : undefined;
          });
          throw new HttpError(
            409,
            'confirm_workbook',
            `${why}，无法判断哪些单元格是您改的。导入将修改以下 ${views.length} 处，请逐项核对后确认；未确认前不做任何修改。`,
            { version: row.version, changes: views },
          );
        }
      }
      const r = await saveDataset(
        db,
        frameworks,
        actor(u),
        row.id,
        trusted?.version ?? b.confirm ?? row.version,
        read.value,
        { action: '导入工作簿', frameworkId: row.frameworkId, guard: editableGuard(row.id) },
      );
      if (r.status === 'saved') await options.afterImportantWrite?.();
      if (r.status === 'invalid') {
        const errors = located(r.errors);
        throw new HttpError(422, 'invalid_workbook', `工作簿有 ${errors.length} 处错误，未做任何修改`, {
          errors,
        });
      }
      return respondSave(c, r, trusted?.version ?? row.version, read.locate);
    },
    WORKBOOK_MAX_BYTES * 2,
  );

  route(
    'get',
    '/api/datasets/:datasetId/report.docx',
    { summary: '下载自评报告（.docx）', access: 'dataset' },
    async (c, u) => {
      const row = await full(await datasetFor(c, u, 'read'));
      const ev = evaluate(frameworks, row.data, row.frameworkId);
      if (!ev.ok) throw cannotReport(ev);
      const bytes = await renderReport(ev.dataset, ev.framework, ev.result);
      return download(
        c,
        bytes,
        `${row.departmentName}${row.year}年度部门整体支出绩效自评报告.docx`,
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
    },
  );

  route(
    'get',
    '/api/datasets/:datasetId/report.pdf',
    { summary: '下载自评报告（PDF，需服务器装有 LibreOffice）', access: 'dataset' },
    async (c, u) => {
      const row = await full(await datasetFor(c, u, 'read'));
      const ev = evaluate(frameworks, row.data, row.frameworkId);
      if (!ev.ok) throw cannotReport(ev);
      const pdf = await renderReportPdf(ev.dataset, ev.framework, ev.result, {
        jobs: pdfJobs,
        user: String(u.id),
      });
      if (!pdf.ok)
        throw pdf.busy
          ? new HttpError(429, 'busy', pdf.message)
          : new HttpError(501, 'not_available', pdf.message);
      return download(
        c,
        pdf.bytes,
        `${row.departmentName}${row.year}年度部门整体支出绩效自评报告.pdf`,
        'application/pdf',
      );
    },
  );

  route(
    'post',
    '/api/datasets/:datasetId/report-preview',
    { summary: '按未保存的输入预览报告（HTML）', access: 'dataset', body: '{data}' },
    async (c, u) => {
      // The hot path of the form (a request per pause in typing): the lightest access query.
      const row = await getDatasetAccess(db, intParam(c, 'datasetId'));
      if (!row || !canRead(u, row.departmentId)) throw NOT_FOUND();
      const b = await body(c, SCORE_BODY);
      const ev = evaluate(frameworks, b.data, row.frameworkId);
      if (!ev.ok) throw cannotReport(ev);
      return c.json({ html: renderReportHtml(ev.dataset, ev.framework, ev.result) });
    },
  );

  route(
    'get',
    '/api/datasets/:datasetId/reviews',
    { summary: '复核记录', access: 'dataset' },
    async (c, u) => {
      const row = await datasetFor(c, u, 'read');
      return c.json({
        reviews: withStaleness(await listReviews(db, [row.id]), row.version),
      } satisfies ReviewsResponse);
    },
  );

  route(
    'post',
    '/api/datasets/:datasetId/reviews',
    { summary: '复核人记录复核得分与理由（不改动自评得分）', access: 'dataset', body: '{score, reason}' },
    async (c, u) => {
      const row = await full(await datasetFor(c, u, 'read'));
      if (u.role !== 'reviewer' && u.role !== 'admin')
        throw new HttpError(403, 'forbidden', '仅复核人可以记录复核得分');
      const b = await body(
        c,
        z.object({
          score: z.string().regex(/^\d{1,3}(\.\d{1,2})?$/, '应为最多两位小数的分数'),
          reason: z.string().trim().min(1, '请写明复核理由').max(5000),
        }),
      );
      const ev = evaluate(frameworks, row.data, row.frameworkId);
      if (!ev.ok && ev.unfilled) throw new HttpError(422, 'unfilled', '该年度尚未填报完整，没有可复核的得分');
      const max = ev.ok ? ev.result.maxTotal : '100';
      if (new Decimal(b.score).greaterThan(max))
        throw new HttpError(400, 'bad_request', `复核得分不能超过满分 ${max}`);
      const scoreText = fixed(new Decimal(b.score));
      const id = await db.transaction().execute(async (tx) => {
        const reviewId = await insertReview(tx, {
          datasetId: row.id,
          reviewerId: u.id,
          score: scoreText,
          reason: b.reason,
          datasetVersion: row.version,
          selfScore: row.selfScore,
        });
        await insertAudit(tx, row.id, actor(u), row.version, '复核', [
          { path: 'review', oldValue: null, newValue: { score: scoreText, reason: b.reason } },
        ]);
        return reviewId;
      });
      await options.afterImportantWrite?.();
      return c.json(
        {
          id,
          reviews: withStaleness(await listReviews(db, [row.id]), row.version),
        } satisfies ReviewsResponse & { id: number },
        201,
      );
    },
  );

  // The finance bureau ---------------------------------------------------------------------------

  const yearQuery = (c: C) => {
    const y = Number(c.req.query('year'));
    if (!Number.isInteger(y) || y < 2000 || y > 2100)
      throw new HttpError(400, 'bad_request', '请给出年度 year');
    return y;
  };

  route(
    'get',
    '/api/bureau/summary',
    { summary: '财政局汇总：某年度全部部门', access: 'reviewer' },
    async (c) => {
      const summary = await bureauSummary(db, frameworks, yearQuery(c));
      return c.json({
        ...summary,
        chart: distributionChart(summary.distribution),
      } satisfies BureauSummaryResponse);
    },
  );

  route(
    'get',
    '/api/bureau/summary.xlsx',
    { summary: '导出汇总（.xlsx）', access: 'reviewer' },
    async (c) => {
      const year = yearQuery(c);
      const buf = await bureauWorkbook(await bureauSummary(db, frameworks, year));
      return download(c, buf, `${year}年度部门整体支出绩效自评汇总.xlsx`, XLSX_TYPE);
    },
  );

  // Administration -------------------------------------------------------------------------------

  route(
    'get',
    '/api/export.json',
    { summary: '全部数据的逻辑导出（部门、用户（不含密码）、各年度数据、复核）', access: 'admin' },
    async (c) => {
      const datasets = await listDatasets(db, {});
      return c.json({
        exportedAt: new Date().toISOString(),
        departments: await listDepartments(db),
        users: (await listUsers(db)).map(publicUser),
        datasets: datasets.map((d) => ({ ...datasetMeta(d), data: d.data })),
        reviews: await listReviews(
          db,
          datasets.map((d) => d.id),
        ),
      });
    },
  );

  route('get', '/api/users', { summary: '用户列表', access: 'admin' }, async (c) =>
    c.json({ users: (await listUsers(db)).map(publicUser) }),
  );

  const userBody = z.object({
    username: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.-]{2,50}$/, '用户名应为 2—50 个字母、数字、点、下划线或连字符'),
    displayName: z.string().trim().min(1).max(100),
    role: z.enum(['filler', 'reviewer', 'admin']),
    departmentId: z.number().int().nullable().optional(),
  });
  route(
    'post',
    '/api/users',
    {
      summary: '新建用户（返回一次性密码）',
      access: 'admin',
      body: '{username, displayName, role, departmentId?}',
    },
    async (c) => {
      const b = await body(c, userBody);
      const role: Role = b.role;
      let departmentId: number | null = null;
      if (role === 'filler') {
        if (!b.departmentId || !(await getDepartment(db, b.departmentId)))
          throw new HttpError(400, 'bad_request', '填报人须指定所属部门');
        departmentId = b.departmentId;
      }
      if (await findUserForLogin(db, b.username))
        throw new HttpError(409, 'exists', `用户名“${b.username}”已被使用`);
      const password = newPassword();
      const user = await createUser(db, {
        username: b.username,
        displayName: b.displayName,
        role,
        departmentId,
        passwordHash: await hashPassword(password),
        mustChangePassword: true,
      });
      return c.json({ user: publicUser(user), oneTimePassword: password }, 201);
    },
  );

  route(
    'post',
    '/api/users/:userId/password',
    { summary: '重置用户密码（返回一次性密码）', access: 'admin', body: '{}' },
    async (c) => {
      const id = intParam(c, 'userId');
      if (!(await getUser(db, id))) throw NOT_FOUND();
      const password = newPassword();
      const hash = await hashPassword(password);
      await db.transaction().execute(async (tx) => {
        await setPassword(tx, id, hash, true);
        await deleteUserSessions(tx, id);
      });
      return c.json({ oneTimePassword: password });
    },
  );

  route(
    'post',
    '/api/users/:userId/disabled',
    {
      summary: '停用或重新启用用户（停用时其会话立即结束）',
      access: 'admin',
      body: '{disabled}',
    },
    async (c, admin) => {
      const id = intParam(c, 'userId');
      const b = await body(c, z.object({ disabled: z.boolean() }));
      const target = await getUser(db, id);
      if (!target) throw NOT_FOUND();
      if (b.disabled && target.id === admin.id) throw new HttpError(409, 'self', '不能停用自己的账户');
      const user = await db.transaction().execute(async (tx) => {
        await setUserDisabled(tx, id, b.disabled);
        if (b.disabled) await deleteUserSessions(tx, id);
        return (await getUser(tx, id))!;
      });
      return c.json({ user: publicUser(user) });
    },
  );

  const kit: RouteKit = {
    db,
    frameworks,
    pdfJobs,
    evidenceDir: options.evidenceDir,
    route,
    body,
    intParam,
    datasetFor,
    full,
    departmentFor,
    canRead,
    canWrite,
    actor,
    download,
    afterImportantWrite: async () => {
      await options.afterImportantWrite?.();
    },
  };
  for (const register of ROUTE_MODULES) register(kit);

  // Anything else under /api is a 404 in JSON; everything else is the front end.
  app.all('/api/*', () => {
    throw new HttpError(404, 'not_found', '没有这个接口');
  });

  if (options.staticDir && existsSync(join(options.staticDir, 'index.html'))) {
    const root = resolve(options.staticDir);
    const index = readFileSync(join(root, 'index.html'), 'utf8');
    app.use('/assets/*', compress());
    app.use('/assets/*', async (c, next) => {
      await next();
      if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    });
    app.use('*', serveStatic({ root }));
    app.get('*', (c) => c.html(index));
  } else {
    app.get('*', (c) =>
      c.html(
        '<!doctype html><meta charset="utf-8"><title>jixiao</title><p>前端尚未构建：请运行 <code>npm run build:web</code>，或用 <code>npm start</code> 启动（会自动构建）。API 在 <a href="/api/openapi.json">/api/openapi.json</a>。</p>',
        503,
      ),
    );
  }

  return { app, routes: docs, countUsers: () => countUsers(db) };
}

/**
 * Host names the server answers to: loopback names, IP addresses (a DNS-rebinding page always comes
 * by a name) and the hosts of the configured origins.
 */
export function hostAllowed(host: string, known: ReadonlySet<string>): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return (
    bare === 'localhost' ||
    bare.endsWith('.localhost') ||
    isIP(bare) !== 0 ||
    known.has(host) ||
    known.has(bare)
  );
}

/** Labels of the request fields, for messages (users never see field names). */
const BODY_LABELS: Record<string, string> = {
  username: '用户名',
  displayName: '姓名',
  role: '角色',
  departmentId: '所属部门',
  name: '名称',
  code: '编码',
  reason: '复核理由',
  score: '复核得分',
  text: '框架文件内容',
  version: '版本号',
  year: '年度',
  frameworkId: '指标体系框架',
  file: '工作簿文件',
  data: '填报数据',
  picks: '合并时的取舍',
  confirm: '确认',
  disabled: '停用',
};

function bodyLabel(path: string): string {
  const key = path.split('.')[0] ?? '';
  return BODY_LABELS[key] ?? (/password/i.test(key) ? '密码' : '请求内容');
}

/**
 * Refused characters in a request's own fields. The dataset under `data` is left to parseDataset,
 * which names each field; passwords are never stored or shown, so any character may be in them.
 */
function textProblemsOutsideData(raw: unknown): { path: string; message: string }[] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return [];
  const own = Object.fromEntries(Object.entries(raw).filter(([k]) => k !== 'data' && !/password/i.test(k)));
  return findTextProblems(own).map((p) => ({ path: p.path.join('.'), message: p.message }));
}

/**
 * An unexpected error, logged without what the request carried: a database error keeps the query's
 * parameters (a whole dataset) on the error object, so only its name, code, message and stack are
 * written, each cut short.
 */
export function logInternal(err: unknown, where: string): void {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as { code?: unknown }).code;
  const frames = (e.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, 12)
    .join('\n');
  console.error(
    `服务器内部错误（${where}）：${e.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${e.message.slice(0, 300)}\n${frames}`,
  );
}

/** Why no report: the year is not filled in yet, or its data has errors. */
function cannotReport(ev: { errors: unknown[]; unfilled: boolean }) {
  return ev.unfilled
    ? new HttpError(422, 'unfilled', '该年度尚未填报完整，无法生成报告：请先填写各项金额并保存', {
        errors: ev.errors,
      })
    : new HttpError(422, 'invalid', '数据有误，无法生成报告', { errors: ev.errors });
}

/** A time as people here read it (Asia/Shanghai). */
function shanghai(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function download(c: C, bytes: Uint8Array, filename: string, type: string) {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return c.body(new Uint8Array(bytes), 200, {
    'Content-Type': type,
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    'Cache-Control': 'no-store',
  });
}

function historyFigures(ev: { result: { indicators: unknown } } & { dataset: Dataset }) {
  const m = new MetricContext(ev.dataset);
  const amount = (name: string) => {
    const v = m.get(name);
    return v instanceof Decimal ? v : new Decimal(0);
  };
  const rate = m.get('execution.rate');
  return {
    initialBudget: fixed(amount('budget.initial.total')),
    adjustedBudget: fixed(amount('budget.adjusted.total')),
    executed: fixed(amount('execution.annual')),
    executionRate: rate instanceof Decimal ? percent(rate) : null,
    satisfaction: ev.dataset.satisfaction.score,
  };
}

/** Each indicator with what its rule asks the evaluator, so the web needs no rule code to show the questions. */
function withAsks(nodes: IndicatorNode[]): FrameworkNodeView[] {
  return nodes.map(({ children, ...n }) => {
    if (children?.length) return { ...n, children: withAsks(children) };
    const asks = n.rule ? evaluatorAsks(n.rule) : null;
    return asks && (asks.score || asks.deductions || asks.items.length || asks.events.length)
      ? { ...n, asks }
      : n;
  });
}
