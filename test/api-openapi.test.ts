import { startHarness, type Harness } from './support/api-harness';

let h: Harness;
let doc: Record<string, any>;
beforeAll(async () => {
  h = await startHarness();
  const res = await h.http.get('/api/openapi.json');
  expect(res.status).toBe(200);
  expect(res.type).toBe('application/json');
  doc = res.body;
});
afterAll(() => h.close());

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document with bearer security', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.securitySchemes.bearerAuth).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(doc.components.schemas.Problem.properties).toEqual(
      expect.objectContaining({ type: expect.anything(), title: expect.anything(), status: expect.anything(), errors: expect.anything() }),
    );
  });

  it('describes every registered route, and nothing else', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((method) => `${method.toUpperCase()} ${path}`));
    const registered = h.app.locals.openapi.list().map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(documented.sort()).toEqual(registered.sort());
    expect(documented).toEqual(
      expect.arrayContaining(['GET /api/health', 'GET /api/openapi.json', 'GET /api/organisations', 'POST /api/users', 'DELETE /api/users/{id}/tokens']),
    );
  });

  it('derives request schemas from the zod validators', () => {
    const createUser = doc.paths['/api/users'].post;
    const body = createUser.requestBody.content['application/json'].schema;
    expect(body.required.sort()).toEqual(['email', 'name', 'organisationId', 'role']);
    expect(body.properties.role.enum).toContain('placing');
    expect(body.additionalProperties).toBe(false);
    expect(createUser['x-roles']).toEqual(['admin']);
    expect(createUser.responses['201'].content['application/json'].schema.required).toEqual(['id', 'token', 'tokenDelivery', 'tokenExpiresAt']);
    expect(createUser.responses['422'].content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });

    const list = doc.paths['/api/organisations'].get;
    const kind = list.parameters.find((p: { name: string }) => p.name === 'kind');
    expect(kind).toMatchObject({ in: 'query', required: false });
    expect(kind.schema.enum).toContain('host-authority');
    expect(Object.keys(list.responses).sort()).toEqual(['200', '401', '422', '429']);

    const revoke = doc.paths['/api/users/{id}/tokens'].delete;
    expect(revoke.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
  });

  it('marks public operations as needing no credentials', () => {
    expect(doc.paths['/api/health'].get.security).toEqual([]);
    expect(doc.paths['/api/organisations'].get.security).toEqual([{ bearerAuth: [] }]);
  });

  it('contains no unresolved local references', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]);
    for (const ref of refs) {
      const target = ref.split('/').reduce<any>((node, key) => node?.[key], doc);
      expect(target).toBeDefined();
    }
  });
});

test('binary and CSV responses are described with their media types', async () => {
  const h = await startHarness();
  try {
    const doc = (await h.http.get('/api/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/documents/{id}.pdf'].get.responses['200'].content)).toEqual(['application/pdf']);
    expect(Object.keys(doc.paths['/api/reports/compliance'].get.responses['200'].content)).toEqual(['application/json', 'text/csv']);
    expect(Object.keys(doc.paths['/api/placements/{id}/audit'].get.responses['200'].content)).toEqual(['application/json', 'text/csv']);
  } finally {
    await h.close();
  }
});
