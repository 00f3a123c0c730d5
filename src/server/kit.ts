/**
 * What a route module needs from the app: the route declaration (access, OpenAPI), request bodies
 * checked by zod, dataset and department access, and the shared errors. A module under
 * `src/server/routes/` exports `register(kit)` and is listed in `routes/index.ts`; app.ts builds the
 * kit once and hands it to each module, so the routes of one part of the cycle live in one file.
 */
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DatasetHead, DatasetRow, UserRow } from '../storage/repo.ts';
import type { DB } from '../storage/schema.ts';
import type { JobQueue } from './extras.ts';
import type { FrameworkRegistry } from './frameworks.ts';
import type { RouteDoc } from './openapi.ts';

export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 421 | 422 | 429 | 501,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const NOT_FOUND = () => new HttpError(404, 'not_found', '没有找到，或您无权访问');

export type Env = { Variables: { user: UserRow | null } };
export type C = Context<Env>;
export type Method = RouteDoc['method'];

export interface RouteKit {
  db: Kysely<DB>;
  frameworks: FrameworkRegistry;
  pdfJobs: JobQueue;
  /** DATA_DIR/evidence: 佐证材料 content is kept there (PGlite in a data folder); else in the database. */
  evidenceDir: string | undefined;
  /**
   * Declares a route: its access is checked before the handler runs and it appears in the OpenAPI
   * document. Writes take JSON (at most `bodyBytes`) unless `doc.upload` is set, in which case the
   * handler reads the raw body itself (a file, streamed) and must count its bytes.
   */
  route(
    method: Method,
    path: string,
    doc: Omit<RouteDoc, 'method' | 'path'>,
    handler: (c: C, user: UserRow) => Response | Promise<Response>,
    bodyBytes?: number,
  ): void;
  /** The JSON body, checked by the schema; a 400 naming each field in Chinese otherwise. */
  body<T>(c: C, schema: z.ZodType<T>): Promise<T>;
  /** A numeric path parameter; anything else is a 404. */
  intParam(c: C, name: string): number;
  /** The dataset of `:datasetId`, if the user may read (or write) it; 404 / 403 otherwise. */
  datasetFor(c: C, u: UserRow, mode: 'read' | 'write'): Promise<DatasetHead>;
  /** The dataset's row with its data. */
  full(head: DatasetHead): Promise<DatasetRow>;
  departmentFor(c: C, u: UserRow, mode: 'read' | 'write'): Promise<{ id: number; name: string }>;
  canRead(u: UserRow, departmentId: number): boolean;
  canWrite(u: UserRow, departmentId: number): boolean;
  /** Who an audit entry is credited to. */
  actor(u: UserRow): { id: number; name: string };
  /** A file download with a Chinese file name. */
  download(c: C, bytes: Uint8Array, filename: string, type: string): Response;
  /** Make the last writes durable now (PGlite checkpoints; PostgreSQL needs nothing). */
  afterImportantWrite(): Promise<void>;
}

export type RouteModule = (kit: RouteKit) => void;
