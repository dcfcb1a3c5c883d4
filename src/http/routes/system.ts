import { z } from 'zod';
import { APP_VERSION } from '../../version';
import type { RouteModule } from '../routing';

const HealthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['up', 'down']),
  version: z.string(),
});

const OpenApiDocumentSchema = z.record(z.string(), z.unknown()).describe('An OpenAPI 3.1 document.');

/** Health (for load balancers and the fresh-clone check) and the API's own description. */
export const registerSystemRoutes: RouteModule = (routes, { healthy }, registry) => {
  routes.add({
    method: 'get',
    path: '/api/health',
    operationId: 'getHealth',
    summary: 'Liveness and database reachability',
    tags: ['system'],
    access: 'public',
    responses: {
      200: { description: 'Serving, database reachable.', schema: HealthSchema },
      503: { description: 'The database cannot be reached.', schema: HealthSchema },
    },
    handler: async () => {
      const up = await healthy();
      return {
        status: up ? 200 : 503,
        headers: { 'Cache-Control': 'no-store' },
        body: { status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down', version: APP_VERSION },
      };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This API, described in OpenAPI 3.1',
    description: 'Generated at start-up from the zod schemas the routes validate with.',
    tags: ['system'],
    access: 'public',
    responses: { 200: { description: 'The OpenAPI document.', schema: OpenApiDocumentSchema } },
    handler: () => ({ body: registry.document() }),
  });
};
