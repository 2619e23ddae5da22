/**
 * Sandbox commands of `npm run tenants`: create a training sandbox (printing the trainer's
 * handout: its address and each trainee's sign-in names, password and authenticator key, the one
 * place they are printed), move its clock, reset it to its start. They build the few services the
 * sandbox functions need, and close them.
 */
import os from 'node:os';
import type { AuditContext } from '../audit/trail.js';
import type { Platform } from '../bootstrap.js';
import { withCommandServices } from '../command-services.js';
import { AppError } from '../http/errors.js';
import { isLanguage } from '../i18n/languages.js';
import { moveSandboxClock, type ClockTarget } from '../sandbox/clock.js';
import { durationMs } from '../time/duration.js';
import { resetSandbox } from '../sandbox/reset.js';
import { createSandbox, MAX_SANDBOX_DAYS } from '../sandbox/service.js';
import { traineeCards } from '../sandbox/trainees.js';
import { ProvisioningError } from '../tenancy/provisioning.js';
import { inTenant } from '../tenancy/tenant-context.js';

/** The database allows 1 to 60 trainees (platform.tenants' CHECK). */
const MAX_TRAINEES = 60;

type SandboxServices = Parameters<typeof createSandbox>[0] &
  Parameters<typeof moveSandboxClock>[0] &
  Parameters<typeof resetSandbox>[0];

/** Runs `work` with the services the sandbox functions take; refusals become ProvisioningErrors (exit 1). */
async function withSandboxServices<T>(
  platform: Platform,
  work: (services: SandboxServices, audit: AuditContext) => Promise<T>,
): Promise<T> {
  const operator: AuditContext = { actor: { type: 'platform', id: null, label: `cli:${os.userInfo().username}` } };
  return withCommandServices(platform, async (services) => {
    try {
      return await work(services, operator);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const t = services.i18n.getFixedT('en');
      const reasons =
        error.details.length > 0 ? error.details.map((d) => t(d.key, d.params)) : [t(error.key, error.params)];
      throw new ProvisioningError(`${reasons.join(' ')} Nothing changed.`);
    }
  });
}

function whole(raw: string, name: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ProvisioningError(`${name} must be a whole number from ${min} to ${max}; nothing changed`);
  return n;
}

/** `3d`, `12h`, `90m`. */
function duration(raw: string): number {
  const ms = durationMs(raw);
  if (!(ms > 0))
    throw new ProvisioningError(`--by takes a duration such as 3d, 12h or 90m, not "${raw}"; nothing changed`);
  return ms;
}

export interface ClockOptions {
  by?: string;
  to?: string;
  deadline?: string;
  opening?: string;
}

function clockTarget(options: ClockOptions): ClockTarget {
  const given = (['by', 'to', 'deadline', 'opening'] as const).filter((k) => options[k] !== undefined);
  if (given.length !== 1)
    throw new ProvisioningError('Give one of --by, --to, --deadline or --opening; nothing changed');
  if (options.by !== undefined) return { kind: 'by', ms: duration(options.by) };
  if (options.to !== undefined) {
    const at = new Date(options.to);
    if (Number.isNaN(at.getTime()))
      throw new ProvisioningError(`--to takes an ISO date-time such as 2026-09-10T09:00+03:00; nothing changed`);
    return { kind: 'at', at };
  }
  if (options.deadline !== undefined) return { kind: 'deadline', noticeId: options.deadline };
  return { kind: 'opening', noticeId: options.opening! };
}

export interface CreateOptions {
  from: string;
  trainees: string;
  languages?: string;
  days: string;
  scenario?: string;
}

/** Creates the sandbox; returns the handout's lines. */
export async function createSandboxFromCli(
  platform: Platform,
  slug: string,
  options: CreateOptions,
): Promise<string[]> {
  const trainees = whole(options.trainees, '--trainees', 1, MAX_TRAINEES);
  const days = whole(options.days, '--days', 1, MAX_SANDBOX_DAYS);
  const languages = (options.languages ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = languages.filter((lng) => !isLanguage(lng));
  if (unknown.length > 0) throw new ProvisioningError(`Unknown languages: ${unknown.join(', ')}; nothing changed`);
  return withSandboxServices(platform, async (services, operator) => {
    const record = await createSandbox(services, operator, {
      slug,
      template: options.from,
      trainees,
      languages: languages.filter(isLanguage),
      days,
      scenario: options.scenario ?? null,
      trainerId: null,
    });
    const tenant = platform.tenancy.handleFor(record)!;
    const cards = await inTenant(tenant, (tx) => traineeCards(services, tx, tenant));
    return [
      `Created sandbox ${record.slug} from ${options.from}: /s/${record.slug}/ (expires ${record.sandbox!.expiresAt.toISOString()})`,
      ...cards.flatMap((card) => [
        `Trainee ${card.number}  password ${card.password}  authenticator key ${card.totpSecret}`,
        ...card.accounts.map((a) => `  ${a.role.padEnd(9)} ${a.email}`),
      ]),
    ];
  });
}

export async function moveClockFromCli(platform: Platform, slug: string, options: ClockOptions): Promise<string[]> {
  const target = clockTarget(options);
  if (!(await platform.tenancy.registry.findNow(slug))) throw new ProvisioningError(`No tenant "${slug}"`);
  return withSandboxServices(platform, async (services, operator) => {
    const move = await moveSandboxClock(services, operator, slug, target);
    return [
      `Moved the clock of ${slug} from ${move.from.toISOString()} to ${move.to.toISOString()} (${move.jobs} jobs rescheduled)`,
    ];
  });
}

export async function resetFromCli(platform: Platform, slug: string): Promise<string[]> {
  if (!(await platform.tenancy.registry.findNow(slug))) throw new ProvisioningError(`No tenant "${slug}"`);
  return withSandboxServices(platform, async (services, operator) => {
    const reset = await resetSandbox(services, operator, slug);
    return [
      `Reset sandbox ${slug} to its start: clock on the real time, ${reset.removedJobs} queued jobs removed, ${reset.timedJobs} timed jobs planned`,
    ];
  });
}
