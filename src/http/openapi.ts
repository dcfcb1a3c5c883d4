import { z } from 'zod';
import type { Role } from '../vocabulary';
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from './problem';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call: anyone, any signed-in user, or only the listed roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export interface ResponseSpec {
  description: string;
  /** Omit for an empty body. */
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
  /** Other media types the same response can take (e.g. `text/csv` with `format=csv`), as text. */
  alsoAs?: string[];
}

/** Everything the OpenAPI document says about one operation; the router validates with the same schemas. */
export interface OperationSpec {
  method: HttpMethod;
  /** OpenAPI style, e.g. `/api/users/{id}/tokens`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Other media types the body may come as (e.g. `text/csv`), taken as text: the handler reads them. */
  bodyAlsoAs?: string[];
  /** Success responses by status. */
  responses: Record<number, ResponseSpec>;
  /** Further problem statuses this operation answers (404, 409, ...); the generic ones are added for you. */
  errors?: number[];
}

type JsonSchema = Record<string, unknown>;

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON.',
  401: 'Missing, invalid or revoked token.',
  403: 'The role may not do this.',
  404: 'Not found (or not visible to the caller).',
  409: 'Conflicts with the current state.',
  413: 'Body larger than the limit.',
  415: 'Body is not JSON.',
  422: 'Invalid fields; `errors` names each one.',
  429: 'Too many failed authentication attempts.',
};

/** Collects operations as routes are registered and renders one OpenAPI 3.1 document from them. */
export class OpenApiRegistry {
  private readonly operations: OperationSpec[] = [];
  private cached: JsonSchema | undefined;

  constructor(private readonly info: { title: string; version: string; description?: string }) {}

  add(operation: OperationSpec): void {
    if (this.operations.some((o) => o.operationId === operation.operationId)) {
      throw new Error(`duplicate operationId ${operation.operationId}`);
    }
    this.operations.push(operation);
    this.cached = undefined;
  }

  list(): readonly OperationSpec[] {
    return this.operations;
  }

  document(): JsonSchema {
    this.cached ??= this.build();
    return this.cached;
  }

  private build(): JsonSchema {
    const components: Record<string, JsonSchema> = { Problem: toJsonSchema(ProblemSchema, 'output', 'Problem') };
    const paths: Record<string, Record<string, unknown>> = {};
    for (const op of this.operations) {
      const convert = (schema: z.ZodType, io: 'input' | 'output') => {
        const { schema: json, defs } = extractDefs(toJsonSchema(schema, io, op.operationId), op.operationId);
        Object.assign(components, defs);
        return json;
      };
      (paths[op.path] ??= {})[op.method] = {
        operationId: op.operationId,
        summary: op.summary,
        description: describeAccess(op),
        tags: op.tags,
        security: op.access === 'public' ? [] : [{ bearerAuth: [] }],
        ...(typeof op.access !== 'string' && { 'x-roles': op.access }),
        parameters: [...parameters(op.params, 'path', convert), ...parameters(op.query, 'query', convert)],
        ...(op.body && {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: convert(op.body, 'input') },
              ...Object.fromEntries((op.bodyAlsoAs ?? []).map((type) => [type, { schema: { type: 'string' } }])),
            },
          },
        }),
        responses: {
          ...Object.fromEntries(Object.entries(op.responses).map(([status, r]) => [status, { description: r.description, ...responseContent(r, convert) }])),
          ...Object.fromEntries(
            problemStatuses(op).map((status) => [
              String(status),
              {
                description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem.',
                content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
              },
            ]),
          ),
        },
      };
    }
    return {
      openapi: '3.1.0',
      info: this.info,
      jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
      servers: [{ url: '/' }],
      security: [{ bearerAuth: [] }],
      tags: [...new Set(this.operations.flatMap((o) => o.tags))].map((name) => ({ name })),
      paths,
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'A `cbp_...` API token.' } },
        schemas: components,
      },
    };
  }
}

/** Problem responses implied by how the operation is guarded and what it reads, plus its own. */
function problemStatuses(op: OperationSpec): number[] {
  const statuses = new Set(op.errors ?? []);
  if (op.access !== 'public') [401, 429].forEach((s) => statuses.add(s));
  if (typeof op.access !== 'string') statuses.add(403);
  if (op.body) [400, 413, 415, 422].forEach((s) => statuses.add(s));
  if (op.params || op.query) statuses.add(422);
  return [...statuses].sort((a, b) => a - b);
}

function describeAccess(op: OperationSpec): string {
  const who = op.access === 'public' ? 'No authentication.' : op.access === 'authenticated' ? 'Any authenticated user.' : `Roles: ${op.access.join(', ')}.`;
  return op.description ? `${op.description}\n\n${who}` : who;
}

function parameters(schema: z.ZodObject | undefined, location: 'path' | 'query', convert: (s: z.ZodType, io: 'input') => JsonSchema): unknown[] {
  if (!schema) return [];
  const json = convert(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    ...(typeof property.description === 'string' && { description: property.description }),
    schema: property,
  }));
}

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output', context: string): JsonSchema {
  try {
    const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
      io,
      unrepresentable: 'any',
      reused: 'inline',
      // Responses may gain fields (the contract "changes only by adding"), so never promise there are none.
      override: ({ jsonSchema }) => {
        if (io === 'output' && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
      },
    });
    return json as JsonSchema;
  } catch (err) {
    throw new Error(`OpenAPI: cannot convert a schema of ${context}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** Moves `$defs` (zod emits them for recursive or id-tagged schemas) into components, namespaced per operation. */
function extractDefs(schema: JsonSchema, namespace: string): { schema: JsonSchema; defs: Record<string, JsonSchema> } {
  const { $defs, ...rest } = schema as JsonSchema & { $defs?: Record<string, JsonSchema> };
  if (!$defs) return { schema: rest, defs: {} };
  const rewrite = <T>(value: T): T => JSON.parse(JSON.stringify(value).replace(/"#\/\$defs\/([^"]+)"/g, `"#/components/schemas/${namespace}_$1"`));
  return {
    schema: rewrite(rest),
    defs: Object.fromEntries(Object.entries($defs).map(([k, v]) => [`${namespace}_${k}`, rewrite(v)])),
  };
}

/** The media types of a success response: its schema as JSON (or a binary body such as a PDF), plus text alternatives. */
function responseContent(r: ResponseSpec, convert: (s: z.ZodType, io: 'output') => JsonSchema): { content?: Record<string, { schema: JsonSchema }> } {
  const content: Record<string, { schema: JsonSchema }> = {};
  if (r.schema) content[r.contentType ?? 'application/json'] = { schema: convert(r.schema, 'output') };
  else if (r.contentType) content[r.contentType] = { schema: { type: 'string', format: 'binary' } };
  for (const type of r.alsoAs ?? []) content[type] = { schema: { type: 'string' } };
  return Object.keys(content).length ? { content } : {};
}
