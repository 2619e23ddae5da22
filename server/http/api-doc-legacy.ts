/**
 * TRANSITIONAL: the hand-written operation list the API document began with. Routes move to
 * operation() + validate() (http/openapi.ts); this file goes when the last one has.
 */
import { z } from 'zod';

export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path under /api/v1, e.g. `/auth/token`. */
  path: string;
  summary: string;
  tag: string;
  /** Needs a bearer token. */
  authenticated: boolean;
  body?: z.ZodType;
  responses: Record<string, { description: string; schema?: z.ZodType }>;
}

const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  instance: z.string(),
  requestId: z.string(),
  errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
});

const schemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' });

export class ApiDoc {
  private readonly operations: ApiOperation[] = [];

  add(operation: ApiOperation): void {
    this.operations.push(operation);
  }

  /** A shorthand for one feature's operations: `op('post', '/x', 'Summary', responses, body?, authenticated?)`. */
  tagged(tag: string) {
    return (
      method: ApiOperation['method'],
      path: string,
      summary: string,
      responses: ApiOperation['responses'],
      body?: z.ZodType,
      authenticated = true,
    ) => this.add({ method, path, tag, summary, authenticated, responses, ...(body ? { body } : {}) });
  }

  document(title: string, serverUrl: string): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const op of this.operations) {
      const responses: Record<string, unknown> = {};
      for (const [status, r] of Object.entries(op.responses)) {
        const isProblem = Number(status) >= 400;
        const schema = r.schema ?? (isProblem ? Problem : undefined);
        responses[status] = {
          description: r.description,
          ...(schema
            ? {
                content: {
                  [isProblem ? 'application/problem+json' : 'application/json']: { schema: schemaOf(schema) },
                },
              }
            : {}),
        };
      }
      paths[op.path] ??= {};
      paths[op.path]![op.method] = {
        summary: op.summary,
        tags: [op.tag],
        ...(op.authenticated ? { security: [{ bearer: [] }] } : { security: [] }),
        ...(op.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(op.body) } } } }
          : {}),
        responses,
      };
    }
    return {
      openapi: '3.1.0',
      info: { title, version: '1' },
      servers: [{ url: serverUrl }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token from POST /auth/token' } },
      },
      paths,
    };
  }
}
