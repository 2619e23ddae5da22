/**
 * The tenant API's OpenAPI 3.1 document, read from the route table: paths and methods from the
 * routes, parameters and bodies from their validate() schemas (zod 4's JSON Schema), security from
 * their policy, ids, summaries and responses from their operation() step. A test validates it.
 */
import { z } from 'zod';
import type { TenantConfig } from '../tenancy/config-schema.js';
import { LruMap, registerTenantCache } from '../tenancy/tenant-caches.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import type { ResponseSpec } from './operation.js';
import type { RouteEntry } from './route-table.js';
import { shapeFor, type Shape } from './validate.js';

type JsonSchema = Record<string, unknown>;

const Problem = z.object({
  type: z.string().describe('urn:koneps:problem:<id>'),
  title: z.string().describe('What went wrong, in the reader’s language'),
  status: z.number().int(),
  instance: z.string(),
  requestId: z.string(),
  errors: z
    .array(z.object({ field: z.string(), code: z.string(), message: z.string() }))
    .optional()
    .describe('One entry per field that failed validation'),
});

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json: JsonSchema = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io });
  // The document's dialect is 2020-12 already; a $schema per operation would only repeat it.
  delete json.$schema;
  return json;
}

/** The implied refusals: who may call it, what it names, what it checks. */
function impliedResponses(route: RouteEntry): Record<number, string> {
  const implied: Record<number, string> = {};
  if (route.policy && route.policy !== 'public') {
    implied[401] = 'No valid bearer token';
    implied[403] = 'Not allowed for this account';
  }
  if (route.shapes?.params) implied[404] = 'No such record';
  if (route.shapes?.query || route.shapes?.body) implied[422] = 'Invalid input, field by field';
  return implied;
}

function responseObject(status: number, spec: string | ResponseSpec, tenant: TenantHandle | undefined): JsonSchema {
  const { description, schema, file } = typeof spec === 'string' ? { description: spec } : spec;
  if (status >= 400)
    return { description, content: { 'application/problem+json': { schema: jsonSchema(Problem, 'output') } } };
  if (file) return { description, content: { [file]: { schema: { type: 'string', contentMediaType: file } } } };
  if (!schema) return { description };
  return { description, content: { 'application/json': { schema: jsonSchema(shapeFor(schema, tenant), 'output') } } };
}

function parameters(route: RouteEntry, tenant: TenantHandle | undefined): JsonSchema[] {
  const names = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  const pathSchema = objectProperties(route.shapes?.params, tenant);
  const querySchema = objectProperties(route.shapes?.query, tenant);
  return [
    ...names.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: pathSchema.properties[name] ?? { type: 'string' },
    })),
    ...Object.entries(querySchema.properties).map(([name, schema]) => ({
      name,
      in: 'query',
      required: querySchema.required.includes(name),
      schema,
    })),
  ];
}

function objectProperties(shape: Shape | undefined, tenant: TenantHandle | undefined) {
  if (!shape) return { properties: {} as Record<string, JsonSchema>, required: [] as string[] };
  const schema = jsonSchema(shapeFor(shape, tenant), 'input');
  return {
    properties: (schema.properties ?? {}) as Record<string, JsonSchema>,
    required: (schema.required ?? []) as string[],
  };
}

function requestBody(route: RouteEntry, tenant: TenantHandle | undefined): JsonSchema | undefined {
  const shape = route.shapes?.body;
  const upload = route.operation?.upload;
  if (!shape && !upload) return undefined;
  const json = shape ? jsonSchema(shapeFor(shape, tenant), 'input') : { type: 'object' };
  const content: Record<string, unknown> = { 'application/json': { schema: json } };
  if (upload) {
    const properties = { ...((json.properties ?? {}) as JsonSchema) };
    properties[upload] = { type: 'array', items: { type: 'string', contentMediaType: 'application/octet-stream' } };
    content['multipart/form-data'] = { schema: { ...json, properties } };
  }
  return { required: true, content };
}

/**
 * The document for one tenant's API (tenant-shaped schemas take its currency and languages), or,
 * without a tenant, for the platform's own API, whose schemas are the same for everyone.
 */
export function openApiDocument(
  routes: RouteEntry[],
  tenant: TenantHandle | undefined,
  info: { title: string; serverUrl: string },
): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const op = route.operation;
    if (!op) continue;
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries({ ...impliedResponses(route), ...op.responses }))
      responses[status] = responseObject(Number(status), spec, tenant);
    const body = requestBody(route, tenant);
    const params = parameters(route, tenant);
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method] = {
      operationId: op.id,
      summary: op.summary,
      tags: [op.tag],
      security: route.policy === 'public' ? [] : [{ bearer: [] }],
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(body ? { requestBody: body } : {}),
      responses,
    };
  }
  const tags = [...new Set(routes.flatMap((r) => (r.operation ? [r.operation.tag] : [])))].sort();
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: '1' },
    servers: [{ url: info.serverUrl }],
    tags: tags.map((name) => ({ name })),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token from POST /auth/token' } },
    },
    paths,
  };
}

/**
 * The documents built, by tenant config and base path (a tenant's own host or /t/<slug>): anyone
 * may ask for one and it takes tens of milliseconds to build. The key is the config object, one
 * per tenant (tenancy/tenancy.ts), so a document is never served to another tenant; at most `max`
 * tenants' documents are kept, the least recently asked for dropped first.
 */
export function openApiDocuments(max = 100) {
  const built = new LruMap<TenantConfig, Map<string, string>>(max);
  registerTenantCache('OpenAPI documents', () => built.size);
  return (tenant: TenantHandle, basePath: string, build: () => JsonSchema): string => {
    let byPath = built.get(tenant.config);
    if (!byPath) built.set(tenant.config, (byPath = new Map<string, string>()));
    let document = byPath.get(basePath);
    if (document === undefined) byPath.set(basePath, (document = JSON.stringify(build())));
    return document;
  };
}
