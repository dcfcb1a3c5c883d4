import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { isRecord } from '../../machines/guards';
import { AppError, type AppErrorCode, type FieldError } from '../errors';
import { logger } from '../logger';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 body, with the `errors` extension naming each bad field. */
export const ProblemSchema = z
  .object({
    type: z.string().describe('A URI reference naming the kind of problem; `about:blank` when the status says it all.'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional().describe('The request path this occurrence is about.'),
    requestId: z.string().optional().describe('Quote this when reporting a problem.'),
    errors: z.array(z.object({ path: z.string().describe('Dotted field path, e.g. `legalBasis.type`.'), message: z.string() })).optional(),
  })
  .describe('An RFC 9457 problem details object.');
export type ProblemBody = z.infer<typeof ProblemSchema>;

/** An error that becomes exactly this problem response. Throw it (or pass it to `next`) from any handler. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly type: string = 'about:blank',
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }
}

/** `throw problem(404, 'Not Found', 'No placement abc.')` */
export function problem(status: number, title?: string, detail?: string, errors?: FieldError[]): HttpProblem {
  return new HttpProblem(status, title ?? STATUS_CODES[status] ?? 'Error', detail, errors);
}

/** Renders a zod issue path as `legalBasis.type` or `contacts[0].name`. */
export function formatPath(segments: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out ? `.${String(s)}` : String(s);
  }
  return out;
}

/** One FieldError per zod issue (and one per unknown key, so each stray field is named). */
export function fieldErrors(error: z.ZodError, pathPrefix = ''): FieldError[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key], pathPrefix), message: 'Unknown field.' }))
      : [{ path: formatPath(issue.path, pathPrefix), message: issue.message }],
  );
}

const VALIDATION_TYPE = '/problems/validation';

/** A 422 whose `errors` name the offending fields. */
export function validationProblem(detail: string, errors: FieldError[]): HttpProblem {
  return new HttpProblem(422, 'Validation failed', detail, errors, VALIDATION_TYPE);
}

/** Parses `data` with `schema` or throws a 422 problem naming every bad field (prefixed, e.g. `query.kind`). */
export function validate<S extends z.ZodType>(schema: S, data: unknown, pathPrefix = ''): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw validationProblem('The request has invalid fields; see errors.', fieldErrors(result.error, pathPrefix));
}

const APP_ERROR_STATUS: Record<AppErrorCode, number> = { invalid: 422, 'not-found': 404, conflict: 409, forbidden: 403, gone: 410 };

/** Maps anything thrown to a problem; unknown errors become a bare 500 with no detail. */
export function toProblem(err: unknown): HttpProblem {
  if (err instanceof HttpProblem) return err;
  if (err instanceof AppError) {
    if (err.code === 'invalid') return validationProblem(err.message, err.errors);
    return problem(APP_ERROR_STATUS[err.code], undefined, err.message, err.errors.length ? err.errors : undefined);
  }
  // body-parser errors carry a status and a `type` such as entity.parse.failed or entity.too.large.
  if (isRecord(err) && typeof err.status === 'number' && err.status >= 400 && err.status < 500 && err.expose !== false) {
    switch (err.type) {
      case 'entity.parse.failed':
        return problem(400, 'Malformed JSON', 'The request body is not valid JSON.');
      case 'entity.too.large':
        return problem(413, 'Payload Too Large', 'The request body is larger than the server accepts.');
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return problem(415, undefined, 'The request body encoding is not supported; send UTF-8 JSON.');
      default:
        return problem(err.status);
    }
  }
  return problem(500, undefined, 'An unexpected error occurred.');
}

export function sendProblem(res: Response, p: HttpProblem): void {
  const body: ProblemBody = {
    type: p.type,
    title: p.title,
    status: p.status,
    ...(p.detail !== undefined && { detail: p.detail }),
    instance: res.req.originalUrl.split('?')[0],
    requestId: res.req.requestId,
    ...(p.errors?.length && { errors: p.errors }),
  };
  res.status(p.status).set(p.headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

/**
 * Last middleware: every error leaves as problem+json; 5xx are logged with the request id, never shown. The
 * log line names the route pattern, not the URL (a path or query may carry what should not be logged), and the
 * error's class, message and stack with SQL and quoted values cut out (see safeError); never the body.
 */
export const problemHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const p = toProblem(err);
  if (p.status >= 500) logger().error({ requestId: req.requestId, method: req.method, route: routeOf(req), status: p.status, err }, 'request failed');
  if (res.headersSent) {
    res.end();
    return;
  }
  sendProblem(res, p);
};

/** After every router: an unknown route is a 404 problem, not express's HTML page. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(problem(404, undefined, `No route for ${req.method} ${req.path}.`));
};

/** The matched route's pattern (`/api/placements/:id/events`), or null before routing matched one. */
export function routeOf(req: { baseUrl?: string; route?: { path?: unknown } }): string | null {
  return typeof req.route?.path === 'string' ? `${req.baseUrl ?? ''}${req.route.path}` : null;
}
