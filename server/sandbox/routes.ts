/**
 * The trainer's pages on the staff desk: the sandboxes they run and a form for a new one
 * (/platform/sandboxes), and each sandbox's dashboard with its clock (/platform/sandboxes/<slug>).
 * Trainers see their own sandboxes, operators all of them; a partner's slug is not found here.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { showFormAgain, type FormRefusal } from '../http/forms.js';
import { tenantDisplayName } from '../http/tenant-locals.js';
import { validate, type ValidatedRequest } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { formatDateTime, formatNumber } from '../i18n/format.js';
import { isLanguage, LANGUAGES, NATIVE_NAMES, type Language } from '../i18n/languages.js';
import { textIn } from '../i18n/localized-fields.js';
import { requireStaff, staffActor } from '../platform/staff-steps.js';
import type { TenantConfigs } from '../tenancy/configs.js';
import { parseSlug, SLUG_PATTERN } from '../tenancy/slug.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { clockInstant } from '../time/clock.js';
import { moveSandboxClock, type ClockTarget } from './clock.js';
import { DURATION, durationMs } from '../time/duration.js';
import { runSandbox, sandboxesOf, sandboxState, scenarioProgress } from './dashboard.js';
import { sendHandoutPdf } from './handout.js';
import { sandboxMail } from './dashboard.js';
import { resetSandbox } from './reset.js';
import { createSandbox, DEFAULT_SANDBOX_DAYS, MAX_SANDBOX_DAYS } from './service.js';

type Csrf = ReturnType<typeof csrfProtection>;

const SandboxForm = z.object({
  slug: z.string().trim().toLowerCase().regex(SLUG_PATTERN, { error: 'sandbox:slug_invalid' }),
  template: z.string().regex(SLUG_PATTERN, { error: 'sandbox:template_unknown' }),
  trainees: z.coerce.number().int().min(1).max(60),
  languages: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : [v].flat()))
    .pipe(z.array(z.enum(LANGUAGES))),
  days: z.coerce.number().int().min(1).max(MAX_SANDBOX_DAYS),
  scenario: z
    .string()
    .regex(/^([a-z][a-z0-9-]{0,30})?$/)
    .optional()
    .transform((v) => v || null),
});

const SandboxParams = z.object({ slug: z.string().regex(SLUG_PATTERN) });
const HOURLY_STEPS = [1];
const DAILY_STEPS = [1, 3, 7];
/** A reset undoes the class's work: the trainer ticks that they mean it. */
const ResetForm = z.object({ confirm: z.literal('1', { error: 'sandbox:reset_confirm_required' }) });
/** One of: `by` (a step such as 3d or 1h), a notice's `deadline` or `opening`, or a date and time `at`. */
const ClockForm = z
  .object({
    by: z.string().regex(DURATION).optional(),
    deadline: z.uuid().optional(),
    opening: z.uuid().optional(),
    at: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: 'notices:datetime_format' })
      .optional(),
  })
  .refine((f) => [f.by, f.deadline, f.opening, f.at].filter(Boolean).length === 1, {
    error: 'validation:required',
    path: ['at'],
  });

/** Where the form sends the clock. */
function clockTarget(form: z.infer<typeof ClockForm>): ClockTarget {
  if (form.by) return { kind: 'by', ms: durationMs(form.by) };
  if (form.deadline) return { kind: 'deadline', noticeId: form.deadline };
  if (form.opening) return { kind: 'opening', noticeId: form.opening };
  return { kind: 'wall-clock', text: form.at! };
}

/** The partner a sandbox was made from, named in the reader's language. */
function templateName(configs: TenantConfigs, tenant: TenantHandle, lng: Language): string {
  const slug = parseSlug(tenant.sandbox?.template ?? '');
  const template = slug ? configs.get(slug) : undefined;
  return template ? (template.names[lng] ?? template.names.en ?? template.slug) : tenant.slug;
}

/** A sandbox named in the reader's language, or its slug. */
const nameOf = (tenant: TenantHandle, lng: Language) => tenantDisplayName(tenant, lng);

function timeText(req: Request, tenant: TenantHandle, at: Date): string {
  return formatDateTime(at, req.lng, tenant.config.timeZone, tenant.config.numberingSystem);
}

/** "12.5 days" or "3 hours", in the reader's language and digits (ICU has no unit names for all of them). */
function aheadText(req: Request, tenant: TenantHandle, ms: number): string {
  const days = ms / 86_400_000;
  const [unit, count] =
    days >= 1 ? (['days', Math.round(days * 10) / 10] as const) : (['hours', Math.round(ms / 360_000) / 10] as const);
  return req.t(`sandbox:duration_${unit}`, { count, n: formatNumber(count, req.lng, tenant.config.numberingSystem) });
}

export function sandboxPages(deps: Deps, csrf: Csrf): Router {
  const router = Router();
  const trainers = requireStaff('staff:sandboxes', ['operator', 'trainer']);

  const listPage = async (req: Request, res: Response, refusal?: FormRefusal) => {
    const sandboxes = await sandboxesOf(deps, req.staff!);
    const templates = deps.tenancy.configs.all();
    res.render('sandbox/list', {
      title: req.t('sandbox:sandboxes_title'),
      sandboxes: sandboxes.map((s) => ({
        slug: s.slug,
        name: nameOf(s, req.lng),
        template: templateName(deps.tenancy.configs, s, req.lng),
        trainees: s.sandbox?.trainees,
        clockText: timeText(req, s, clockInstant(s.clock)),
        expiresText: s.sandbox ? timeText(req, s, s.sandbox.expiresAt) : '',
      })),
      templates: templates.map((c) => ({ slug: c.slug, name: c.names[req.lng] ?? c.names.en ?? c.slug })),
      languages: LANGUAGES.map((lng) => ({ lng, name: NATIVE_NAMES[lng] })),
      scenarios: deps.scenarios.all().map((s) => ({ id: s.id, title: textIn(s.title, req.lng, s.id) })),
      values: refusal?.values ?? { trainees: 12, days: DEFAULT_SANDBOX_DAYS, template: templates[0]?.slug },
      errors: refusal?.errors,
      error: refusal?.error,
    });
  };

  const dashboard = async (req: Request, res: Response, refusal?: FormRefusal) => {
    const tenant = await runSandbox(deps, req.staff!, String(req.params.slug));
    const state = await sandboxState(tenant);
    const scenario = tenant.sandbox?.scenario ? deps.scenarios.get(tenant.sandbox.scenario) : undefined;
    const progress = scenario ? await scenarioProgress(tenant, scenario) : [];
    const aheadMs = tenant.clock.kind === 'offset' ? tenant.clock.ms : 0;
    const lng = req.lng;
    res.render('sandbox/dashboard', {
      title: req.t('sandbox:dashboard_title', { name: nameOf(tenant, lng) }),
      slug: tenant.slug,
      madeFrom: req.t('sandbox:made_from', {
        template: templateName(deps.tenancy.configs, tenant, lng),
        count: tenant.sandbox?.trainees ?? 0,
      }),
      expires: tenant.sandbox
        ? req.t('sandbox:expires', { date: timeText(req, tenant, tenant.sandbox.expiresAt) })
        : '',
      resetDone: req.query.reset === '1',
      clockNow: req.t(req.query.moved === '1' ? 'sandbox:clock_moved' : 'sandbox:clock_now', {
        time: timeText(req, tenant, state.at),
      }),
      clockAhead:
        aheadMs > 0
          ? req.t('sandbox:clock_ahead', { ahead: aheadText(req, tenant, aheadMs) })
          : req.t('sandbox:clock_real'),
      steps: [
        ...HOURLY_STEPS.map((n) => ({ value: `${n}h`, label: req.t('sandbox:move_plus_hours', { count: n }) })),
        ...DAILY_STEPS.map((n) => ({ value: `${n}d`, label: req.t('sandbox:move_plus_days', { count: n }) })),
      ],
      notices: state.notices.map((n) => ({
        ...n,
        titleText: textIn(n.title, lng, n.noticeNo ?? ''),
        deadlineText: timeText(req, tenant, n.submissionDeadline),
        openingText: timeText(req, tenant, n.openingAt),
        beforeDeadline: n.submissionDeadline > state.at,
        beforeOpening: !n.opened && n.openingAt > state.at,
      })),
      languages: tenant.config.locales.supported.map((code) => ({
        code,
        name: NATIVE_NAMES[code],
        selected: code === lng,
      })),
      scenario: scenario && {
        title: textIn(scenario.title, lng, scenario.id),
        summary: textIn(scenario.summary, lng, ''),
        steps: scenario.steps.map((s, i) => ({
          n: formatNumber(i + 1, lng, tenant.config.numberingSystem),
          title: textIn(s.title, lng, s.action),
        })),
        trainees: progress.map((p) => ({
          name: req.t('sandbox:trainee_name', { n: p.number }),
          steps: p.reached.map((done) => ({ done, text: req.t(done ? 'sandbox:step_done' : 'sandbox:step_not_yet') })),
        })),
      },
      trainees: state.trainees.map((t) => ({
        name: req.t('sandbox:trainee_name', { n: t.number }),
        accounts: t.accounts,
      })),
      errors: refusal?.errors,
      error: refusal?.error,
      values: refusal?.values,
    });
  };

  const create = async (req: ValidatedRequest<{ body: typeof SandboxForm }>, res: Response) => {
    const form = req.body;
    const actor = staffActor(req);
    const record = await createSandbox(deps, actor.audit, {
      slug: form.slug,
      template: form.template,
      trainees: form.trainees,
      languages: form.languages.filter(isLanguage),
      days: form.days,
      scenario: form.scenario,
      trainerId: req.staff!.id,
    });
    res.redirect(303, `/platform/sandboxes/${record.slug}`);
  };

  const moveClock = async (
    req: ValidatedRequest<{ params: typeof SandboxParams; body: typeof ClockForm }>,
    res: Response,
  ) => {
    const tenant = await runSandbox(deps, req.staff!, req.params.slug);
    await moveSandboxClock(deps, staffActor(req).audit, tenant.slug, clockTarget(req.body));
    res.redirect(303, `/platform/sandboxes/${tenant.slug}?moved=1`);
  };

  router.get('/platform/sandboxes', trainers, csrf.token, (req, res) => listPage(req, res));
  router.post(
    '/platform/sandboxes',
    trainers,
    csrf.protect,
    csrf.token,
    validate({ body: SandboxForm }),
    create,
    showFormAgain(listPage),
  );
  router.get('/platform/sandboxes/:slug', trainers, csrf.token, validate({ params: SandboxParams }), (req, res) =>
    dashboard(req, res),
  );
  router.get(
    '/platform/sandboxes/:slug/handout.pdf',
    trainers,
    validate({ params: SandboxParams }),
    async (req: Request, res: Response) => {
      const tenant = await runSandbox(deps, req.staff!, String(req.params.slug));
      await sendHandoutPdf(deps, staffActor(req).audit, tenant, req, res);
    },
  );
  router.get(
    '/platform/sandboxes/:slug/outbox',
    trainers,
    validate({ params: SandboxParams }),
    async (req: Request, res: Response) => {
      const tenant = await runSandbox(deps, req.staff!, String(req.params.slug));
      const emails = await sandboxMail(deps, staffActor(req).audit, tenant);
      res.render('mail/outbox', {
        title: req.t('sandbox:outbox_link'),
        tenantName: nameOf(tenant, req.lng),
        onDesk: true,
        backHref: `/platform/sandboxes/${tenant.slug}`,
        backText: req.t('sandbox:dashboard_title', { name: nameOf(tenant, req.lng) }),
        emails,
      });
    },
  );
  router.post(
    '/platform/sandboxes/:slug/reset',
    trainers,
    csrf.protect,
    csrf.token,
    validate({ params: SandboxParams, body: ResetForm }),
    async (req: Request, res: Response) => {
      const tenant = await runSandbox(deps, req.staff!, String(req.params.slug));
      await resetSandbox(deps, staffActor(req).audit, tenant.slug);
      res.redirect(303, `/platform/sandboxes/${tenant.slug}?reset=1`);
    },
    showFormAgain(dashboard),
  );
  router.post(
    '/platform/sandboxes/:slug/clock',
    trainers,
    csrf.protect,
    csrf.token,
    validate({ params: SandboxParams, body: ClockForm }),
    moveClock,
    showFormAgain(dashboard),
  );
  return router;
}
