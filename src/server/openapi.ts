/**
 * The OpenAPI 3.1 document, built from the same route table the server registers, so it cannot
 * drift from what is served.
 */
export type Access = 'public' | 'user' | 'department' | 'dataset' | 'reviewer' | 'admin';

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  access: Access;
  body?: string;
  /** The body is a file (raw bytes, streamed), not JSON. */
  upload?: boolean;
}

const ACCESS_TEXT: Record<Access, string> = {
  public: '无需登录',
  user: '任何已登录用户',
  department: '本部门填报人；复核人、管理员可读',
  dataset: '数据所属部门的填报人；复核人、管理员可读',
  reviewer: '复核人、管理员',
  admin: '管理员',
};

const ERROR = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    message: { type: 'string', description: '中文说明' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          path: { type: 'string' },
          message: { type: 'string' },
          sheet: { type: 'string' },
          cell: { type: 'string' },
        },
      },
    },
  },
  required: ['code', 'message'],
};

export function buildOpenApi(routes: RouteDoc[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const params = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: m[1] === 'frameworkId' ? 'string' : 'integer' },
    }));
    if (r.path.startsWith('/api/bureau/'))
      params.push({ name: 'year', in: 'query', required: true, schema: { type: 'integer' } });
    paths[path] ??= {};
    paths[path][r.method] = {
      summary: r.summary,
      description: `权限：${ACCESS_TEXT[r.access]}。金额、比率、得分均为十进制字符串（如 "93.96"）。`,
      ...(params.length ? { parameters: params } : {}),
      ...(r.access === 'public' ? { security: [] } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              description: r.body,
              content: r.upload
                ? { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } }
                : { 'application/json': { schema: { type: 'object' } } },
            },
          }
        : {}),
      responses: {
        '200': { description: '成功' },
        '400': {
          description: '请求有误',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
        ...(r.access !== 'public'
          ? { '401': { description: '未登录' }, '403': { description: '无权' } }
          : {}),
        ...(r.path.includes(':') ? { '404': { description: '不存在或无权访问' } } : {}),
        ...(r.method === 'put' ? { '409': { description: '版本冲突：返回双方版本' } } : {}),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'jixiao 预算绩效自评 API',
      version,
      description:
        '部门填报、评分、下载报告；财政局复核。写请求只接受 application/json（上传文件的接口除外，以文件原样为请求体），并校验 Origin。会话用 HttpOnly Cookie。',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'jixiao_session' } },
      schemas: { Error: ERROR },
    },
    security: [{ session: [] }],
    paths,
  };
}
