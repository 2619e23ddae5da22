/**
 * The platform's sandbox API at /platform/api/v1, for trainers who script their classes: a bearer
 * token from the staff sign-in (password and second factor), then the sandboxes the trainer runs
 * (an operator: all), created, read, their clock moved, reset. Refusals are problem+json; the
 * OpenAPI document is at /platform/api/v1/openapi.json.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { openApiDocument } from '../http/openapi.js';
import { operations } from '../http/operation.js';
import { routeTable } from '../http/route-table.js';
import { validate, type ValidatedRequest } from '../http/validate.js';
import { LANGUAGES } from '../i18n/languages.js';
import { InvalidCredentialsError, LoginThrottledError } from '../identity/errors.js';
import { publicRoute, UnauthenticatedError } from '../identity/policy.js';
import { staffActor, StaffForbiddenError } from '../platform/staff-steps.js';
import type { StaffRole } from '../platform/staff.js';
import { SLUG_PATTERN } from '../tenancy/slug.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { clockInstant } from '../time/clock.js';
import { moveSandboxClock, type ClockTarget } from './clock.js';
import { DURATION, durationMs } from '../time/duration.js';
import { runSandbox, sandboxesOf, sandboxState, scenarioProgress } from './dashboard.js';
import { resetSandbox } from './reset.js';
import { createSandbox, MAX_SANDBOX_DAYS } from './service.js';

const op = operations('sandboxes');

const TokenRequest = z.object({
  email: z.string().max(320),
  password: z.string().max(1024),
  code: z.string().max(12).describe('The current code of the authenticator app'),
});
const TokenAnswer = z.object({ token: z.string(), tokenType: z.literal('Bearer'), expiresAt: z.iso.datetime() });

const NewSandbox = z.object({
  slug: z.string().regex(SLUG_PATTERN).describe('Its name, which becomes part of its address /s/<slug>/'),
  template: z.string().regex(SLUG_PATTERN).describe('The partner whose config it is made from, e.g. kurdistan'),
  trainees: z.number().int().min(1).max(60),
  languages: z.array(z.enum(LANGUAGES)).default([]).describe("Some of the template's languages; empty: all"),
  days: z.number().int().min(1).max(MAX_SANDBOX_DAYS).default(14).describe('Days until it expires and is dropped'),
  scenario: z.string().nullable().default(null).describe('A scenario of tenants/scenarios/, set up at creation'),
});

const Duration = z.string().regex(DURATION, { error: 'sandbox:duration_format' });
const ClockMove = z
  .object({
    by: Duration.optional().describe('Forward by a duration: 3d, 12h, 90m'),
    to: z.iso.datetime({ offset: true }).optional().describe('To an instant (ISO 8601 with its offset)'),
    deadline: z.uuid().optional().describe("To 5 minutes before this notice's submission deadline"),
    opening: z.uuid().optional().describe("To this notice's opening"),
  })
  .refine((m) => [m.by, m.to, m.deadline, m.opening].filter(Boolean).length === 1, {
    error: 'sandbox:clock_one_target',
    path: ['by'],
  });

const SandboxParams = z.object({ slug: z.string().regex(SLUG_PATTERN) });

const SandboxAnswer = z.object({
  slug: z.string(),
  address: z.string().describe('Where the trainees sign in, /s/<slug>/'),
  template: z.string().nullable(),
  trainees: z.number().int(),
  languages: z.array(z.string()),
  scenario: z.string().nullable(),
  expiresAt: z.iso.datetime(),
  clock: z.object({
    now: z.iso.datetime().describe("The sandbox's time"),
    aheadMs: z.number().int().describe('How far it runs ahead of the real time'),
  }),
});
const SandboxDetail = SandboxAnswer.extend({
  notices: z.array(
    z.object({
      id: z.uuid(),
      noticeNo: z.string().nullable(),
      submissionDeadline: z.iso.datetime(),
      openingAt: z.iso.datetime(),
      opened: z.boolean(),
    }),
  ),
  progress: z
    .array(z.object({ trainee: z.number().int(), reached: z.array(z.boolean()) }))
    .describe("Each trainee's steps of the scenario reached, in the scenario's order"),
});
const ClockAnswer = z.object({ from: z.iso.datetime(), to: z.iso.datetime(), jobsRescheduled: z.number().int() });

function clockTarget(move: z.infer<typeof ClockMove>): ClockTarget {
  if (move.by) return { kind: 'by', ms: durationMs(move.by) };
  if (move.to) return { kind: 'at', at: new Date(move.to) };
  if (move.deadline) return { kind: 'deadline', noticeId: move.deadline };
  return { kind: 'opening', noticeId: move.opening! };
}

function summary(tenant: TenantHandle): z.infer<typeof SandboxAnswer> {
  const aheadMs = tenant.clock.kind === 'offset' ? tenant.clock.ms : 0;
  return {
    slug: tenant.slug,
    address: `/s/${tenant.slug}/`,
    template: tenant.sandbox?.template ?? null,
    trainees: tenant.sandbox?.trainees ?? 0,
    languages: [...tenant.config.locales.supported],
    scenario: tenant.sandbox?.scenario ?? null,
    expiresAt: (tenant.sandbox?.expiresAt ?? new Date(0)).toISOString(),
    clock: { now: clockInstant(tenant.clock).toISOString(), aheadMs },
  };
}

/** The staff member of the bearer token, of one of `roles`: else 401 or 403. */
function requireStaffToken(roles: StaffRole[]) {
  const step = (req: Request, _res: Response, next: NextFunction) => {
    if (!req.staff) return next(new UnauthenticatedError());
    if (!roles.includes(req.staff.role)) return next(new StaffForbiddenError());
    next();
  };
  return Object.assign(step, { policy: 'staff:sandboxes' as const });
}

export function sandboxApi(deps: Deps): Router {
  const api = Router();
  api.use(deps.staffTokens.authenticate());
  const trainers = requireStaffToken(['operator', 'trainer']);

  api.post(
    '/auth/token',
    op({
      id: 'issueStaffToken',
      summary: 'Exchange a staff e-mail, password and authenticator code for a bearer token (12 hours)',
      responses: {
        201: { description: 'Token issued', schema: TokenAnswer },
        401: 'Wrong credentials (no hint which part)',
        429: 'Too many attempts; see Retry-After',
      },
    }),
    publicRoute,
    deps.limits.perAddress('api-token'),
    validate({ body: TokenRequest }),
    async (req: ValidatedRequest<{ body: typeof TokenRequest }>, res: Response) => {
      const { email, password, code } = req.body;
      const member = await deps.staff.signIn(email, password, code, req.ip ?? 'unknown');
      if (member === 'throttled') throw new LoginThrottledError(300);
      if (!member) throw new InvalidCredentialsError();
      const issued = await deps.staffTokens.issue(member.id);
      res.status(201).json({ token: issued.token, tokenType: 'Bearer', expiresAt: issued.expiresAt.toISOString() });
    },
  );

  api.get(
    '/sandboxes',
    op({
      id: 'listSandboxes',
      summary: 'The sandboxes the trainer runs (an operator: all)',
      responses: { 200: { description: 'Sandboxes', schema: z.object({ sandboxes: z.array(SandboxAnswer) }) } },
    }),
    trainers,
    async (req: Request, res: Response) => {
      res.json({ sandboxes: (await sandboxesOf(deps, req.staff!)).map(summary) });
    },
  );

  api.post(
    '/sandboxes',
    op({
      id: 'createSandbox',
      summary: "Create a sandbox from a partner's config, with trainee accounts and its scenario set up",
      responses: {
        201: { description: 'Created', schema: SandboxAnswer },
        503: 'This server was not given the database owner role, which creating a schema needs',
      },
    }),
    trainers,
    validate({ body: NewSandbox }),
    async (req: ValidatedRequest<{ body: typeof NewSandbox }>, res: Response) => {
      const record = await createSandbox(deps, staffActor(req).audit, { ...req.body, trainerId: req.staff!.id });
      res
        .status(201)
        .location(`${req.baseUrl}/sandboxes/${record.slug}`)
        .json(summary(await runSandbox(deps, req.staff!, record.slug)));
    },
  );

  api.get(
    '/sandboxes/:slug',
    op({
      id: 'getSandbox',
      summary: "A sandbox: its class, clock, notices and each trainee's progress through the scenario",
      responses: { 200: { description: 'The sandbox', schema: SandboxDetail } },
    }),
    trainers,
    validate({ params: SandboxParams }),
    async (req: ValidatedRequest<{ params: typeof SandboxParams }>, res: Response) => {
      const tenant = await runSandbox(deps, req.staff!, req.params.slug);
      const state = await sandboxState(tenant);
      const scenario = tenant.sandbox?.scenario ? deps.scenarios.get(tenant.sandbox.scenario) : undefined;
      const progress = scenario ? await scenarioProgress(tenant, scenario) : [];
      res.json({
        ...summary(tenant),
        notices: state.notices.map((n) => ({
          id: n.id,
          noticeNo: n.noticeNo,
          submissionDeadline: n.submissionDeadline.toISOString(),
          openingAt: n.openingAt.toISOString(),
          opened: n.opened,
        })),
        progress: progress.map((p) => ({ trainee: p.number, reached: p.reached })),
      });
    },
  );

  api.post(
    '/sandboxes/:slug/clock',
    op({
      id: 'moveSandboxClock',
      summary: "Move a sandbox's clock forward: by a duration, to an instant, to a notice's deadline or opening",
      responses: {
        200: { description: 'Moved; its delayed jobs follow', schema: ClockAnswer },
        409: "Backward, or not a sandbox's clock (a partner government's system always runs on the real time)",
      },
    }),
    trainers,
    validate({ params: SandboxParams, body: ClockMove }),
    async (req: ValidatedRequest<{ params: typeof SandboxParams; body: typeof ClockMove }>, res: Response) => {
      // An operator may name any tenant, and is told why a partner's clock does not move.
      const slug =
        req.staff!.role === 'operator' ? req.params.slug : (await runSandbox(deps, req.staff!, req.params.slug)).slug;
      const move = await moveSandboxClock(deps, staffActor(req).audit, slug, clockTarget(req.body));
      res.json({ from: move.from.toISOString(), to: move.to.toISOString(), jobsRescheduled: move.jobs });
    },
  );

  api.post(
    '/sandboxes/:slug/reset',
    op({
      id: 'resetSandbox',
      summary: 'Put a sandbox back as it was made (its scenario set up), clock included',
      responses: { 204: 'Reset', 409: 'Not a sandbox' },
    }),
    trainers,
    validate({ params: SandboxParams }),
    async (req: ValidatedRequest<{ params: typeof SandboxParams }>, res: Response) => {
      const tenant = await runSandbox(deps, req.staff!, req.params.slug);
      await resetSandbox(deps, staffActor(req).audit, tenant.slug);
      res.status(204).end();
    },
  );

  api.get('/openapi.json', publicRoute, (req: Request, res: Response) => {
    res.json(
      openApiDocument(routeTable(api), undefined, {
        title: 'KONEPS platform: training sandboxes',
        serverUrl: req.baseUrl,
      }),
    );
  });
  return api;
}
