import { createHash } from 'node:crypto';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { AuthUser } from '../services/actor';
import type { Services } from '../services';
import { requireRole } from './auth';
import type { Access, OpenApiRegistry, OperationSpec } from './openapi';
import { validate } from './problem';

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<Params, Query, Body, User> {
  req: Request;
  res: Response;
  params: Params;
  query: Query;
  body: Body;
  /** The caller; `undefined` only on public routes. */
  user: User;
  /** The request's timestamp from the app clock (tests inject a fixed clock). */
  now: Date;
}

/** What a handler returns to send JSON; return nothing if it wrote `res` itself (PDF, CSV). */
export interface RouteResult {
  /** Defaults to the route's first declared success status. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * The record version the body shows: the ETag becomes `"<version>-<hash of the body>"`, so it changes
   * whenever the representation does (a legal status that moved with time, under the same version), and
   * `If-Match` with it (or the bare version) still names the version to check.
   */
  etagVersion?: number;
}

export interface RouteSpec<
  P extends z.ZodObject | undefined,
  Q extends z.ZodObject | undefined,
  B extends z.ZodType | undefined,
  A extends Access,
> extends Omit<OperationSpec, 'params' | 'query' | 'body' | 'access'> {
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  handler: (ctx: RouteContext<Out<P>, Out<Q>, Out<B>, A extends 'public' ? undefined : AuthUser>) => Promise<RouteResult | void> | RouteResult | void;
}

export interface ApiRoutesOptions {
  registry: OpenApiRegistry;
  authenticate: RequestHandler;
  clock: () => Date;
  /** Check every JSON response against its declared schema (on outside production: contract drift fails loudly). */
  checkResponses: boolean;
}

/**
 * The one way to add an endpoint: `routes.add({...})` registers the express handler and its OpenAPI
 * operation from the same zod schemas, authenticates, checks the role, and validates path, query and body
 * (422 problem naming each field) before the handler runs.
 */
export class ApiRoutes {
  readonly router = Router();

  constructor(private readonly options: ApiRoutesOptions) {}

  add<
    A extends Access,
    P extends z.ZodObject | undefined = undefined,
    Q extends z.ZodObject | undefined = undefined,
    B extends z.ZodType | undefined = undefined,
  >(spec: RouteSpec<P, Q, B, A>): void {
    const { handler, ...operation } = spec;
    this.options.registry.add(operation as OperationSpec);
    const access: Access = spec.access;
    const guards: RequestHandler[] = [];
    if (access !== 'public') guards.push(this.options.authenticate);
    if (typeof access !== 'string') guards.push(requireRole(...access));
    const successStatus = Number(Object.keys(spec.responses)[0] ?? 200);

    const run: RequestHandler = async (req, res) => {
      const ctx = {
        req,
        res,
        params: spec.params ? validate(spec.params, req.params, 'params') : undefined,
        query: spec.query ? validate(spec.query, req.query, 'query') : undefined,
        // A body in another declared media type (a CSV file) is the handler's to read.
        body: spec.body && !(spec.bodyAlsoAs && req.is(spec.bodyAlsoAs)) ? validate(spec.body, req.body) : undefined,
        user: req.user,
        now: this.options.clock(),
      } as Parameters<typeof handler>[0];
      const result = await handler(ctx);
      if (!result || res.headersSent) return;
      const status = result.status ?? successStatus;
      if (this.options.checkResponses) checkResponse(spec, status, result.body);
      // Answers to a signed-in caller may carry personal data: never kept by a browser or a proxy.
      if (access !== 'public') res.set('Cache-Control', 'no-store');
      res.status(status).set(result.headers ?? {});
      if (result.body === undefined) return void res.end();
      const json = JSON.stringify(result.body);
      if (result.etagVersion !== undefined) res.set('ETag', `"${result.etagVersion}-${createHash('sha256').update(json).digest('hex').slice(0, 16)}"`);
      res.type('application/json').send(json);
    };
    this.router[spec.method](toExpressPath(spec.path), ...guards, run);
  }
}

/** `/api/users/{id}/tokens` -> `/api/users/:id/tokens` */
export function toExpressPath(openApiPath: string): string {
  return openApiPath.replace(/\{([^}]+)\}/g, ':$1');
}

function checkResponse(spec: OperationSpec, status: number, body: unknown): void {
  const declared = spec.responses[status];
  if (!declared) throw new Error(`${spec.operationId} answered ${status}, which its OpenAPI entry does not declare`);
  if (!declared.schema) return;
  // Validate what the client will actually receive (Dates become strings, undefined keys vanish).
  const wire = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
  const result = declared.schema.safeParse(wire);
  if (!result.success) {
    throw new Error(`${spec.operationId} ${status} response does not match its schema: ${result.error.message}`);
  }
}

/** A file of related endpoints: `export const registerXRoutes: RouteModule = (routes, services) => { routes.add(...) }`. */
export type RouteModule = (routes: ApiRoutes, services: Services, registry: OpenApiRegistry) => void;
