/**
 * The API document is read from the routes (http/openapi.ts): this proves it is valid OpenAPI 3.1
 * and complete, so a route cannot be added without its id, its schemas and its responses.
 */
import assert from 'node:assert/strict';
import { validate as validateOpenApi } from '@readme/openapi-parser';
import request from 'supertest';
import { tenantRouters } from '../../server/app.js';
import { pageList, routeTable } from '../../server/http/route-table.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';

type Operation = {
  operationId?: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};

describe('the OpenAPI document', () => {
  let platform: TestPlatform;
  let document: { paths: Record<string, Record<string, Operation>> };
  before(async () => {
    platform = await testPlatform();
    const record = await platform.createTenant('kurdistan');
    const answer = await request(await platform.app())
      .get(`/t/${record.slug}/api/v1/openapi.json`)
      .expect(200);
    document = answer.body as typeof document;
  });
  after(() => platform.close());

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );

  it('is valid OpenAPI 3.1: no error from @readme/openapi-parser', async () => {
    const result = await validateOpenApi(structuredClone(document) as never);
    assert.deepEqual(result.valid ? [] : result.errors, []);
  });

  it('describes every API route, each with its own operationId', async () => {
    const { api } = tenantRouters(await platform.services());
    const documented = new Set(operations().map((o) => o.route));
    const missing = routeTable(api)
      .map((r) => `${r.method.toUpperCase()} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`)
      .filter((route) => route !== 'GET /openapi.json' && !documented.has(route));
    assert.deepEqual(missing, []);
    const ids = operations().map((o) => o.op.operationId);
    assert.deepEqual(
      operations()
        .filter((o) => !o.op.operationId)
        .map((o) => o.route),
      [],
    );
    assert.equal(new Set(ids).size, ids.length, 'operationIds repeat');
  });

  it('gives every success response with a body its schema', () => {
    const bare = operations().flatMap(({ route, op }) =>
      Object.entries(op.responses)
        .filter(([status]) => /^2\d\d$/.test(status) && status !== '204')
        .filter(([, response]) => !Object.values(response.content ?? {}).some((c) => c.schema))
        .map(([status]) => `${route} ${status}`),
    );
    assert.deepEqual(bare, []);
  });

  it('validates the path parameters of every route, page or API, with its schema', async () => {
    const { api, pages } = tenantRouters(await platform.services());
    const unchecked = [...routeTable(api, '/api/v1'), ...routeTable(pages)]
      .filter((r) => r.path.includes(':') && !r.shapes?.params)
      .map((r) => `${r.method.toUpperCase()} ${r.path}`);
    assert.deepEqual(unchecked, []);
  });

  it('lists the pages with the policy of each, for a crawler', async () => {
    const { pages } = tenantRouters(await platform.services());
    const list = pageList(pages);
    assert.ok(list.length > 30, `only ${list.length} pages`);
    assert.equal(list.find((p) => p.path === '/account')?.policy, 'account:use');
    assert.equal(list.find((p) => p.path === '/notices')?.policy, 'public');
  });
});
