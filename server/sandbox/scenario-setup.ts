/**
 * Sets a scenario's situation up in a sandbox with the real services, as its trainees' accounts,
 * on the sandbox's own clock: plan entries and notices published by the officers, sealed bids by
 * the suppliers, the clock moved forward (which fires what falls due, an opening for one). Then
 * `sandbox.scenario-ready` marks where the class's own work begins (progress.ts).
 */
import { isAwaitingCheck } from '../approvals/mutual-checks.js';
import { approvalsService } from '../approvals/service.js';
import type { AuditContext } from '../audit/trail.js';
import { tenantBasePath } from '../http/origin.js';
import type { Deps } from '../deps.js';
import { demoPdf } from '../demo-world/documents.js';
import { procurementServices } from '../demo-world/services.js';
import { Timeline } from '../demo-world/timeline.js';
import { textIn } from '../i18n/localized-fields.js';
import type { Actor } from '../identity/actor.js';
import { SESSION_USER_COLUMNS, toSessionUser, type SessionUser, type UserRow } from '../identity/users.js';
import { amountInMinorUnits } from '../procurement/plans/schema.js';
import { noticeDraftSchema } from '../procurement/notices/schema.js';
import { requiredDocuments } from '../regulations/documents.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { clockInstant } from '../time/clock.js';
import { currentSandbox, moveSandboxClock, type ClockTarget } from './clock.js';
import { durationMs } from '../time/duration.js';
import type { Scenario, SetupStep } from './scenarios.js';
import { traineeOf, type ExerciseRole } from './trainees.js';

export type SetupDeps = Pick<
  Deps,
  'tenancy' | 'audit' | 'mailer' | 'relay' | 'sealedBox' | 'keys' | 'throttle' | 'queues' | 'i18n' | 'publicUrl'
>;

const SETUP_REQUEST_ID = 'scenario-setup';

type Accounts = Map<number, Record<ExerciseRole, SessionUser>>;
interface Published {
  trainee: number;
  id: string;
  /** Minor units. */
  estimated: number;
  percent: number;
}

async function traineeAccounts(tenant: TenantHandle): Promise<Accounts> {
  const rows = await inTenant(tenant, (tx) =>
    tx<UserRow>('users')
      .whereLike('email', `t%.%@${tenant.slug}.sandbox`)
      .select(...SESSION_USER_COLUMNS),
  );
  const accounts: Accounts = new Map();
  for (const row of rows) {
    const trainee = traineeOf(row.email);
    if (!trainee) continue;
    const { number: n, role } = trainee;
    accounts.set(n, {
      ...(accounts.get(n) ?? ({} as Record<ExerciseRole, SessionUser>)),
      [role]: toSessionUser(tenant.slug, row),
    });
  }
  return accounts;
}

function as(tenant: TenantHandle, user: SessionUser): Actor {
  return {
    tenant,
    user,
    audit: {
      actor: { type: 'user', id: user.id, label: user.email },
      requestId: SETUP_REQUEST_ID,
      clientAddress: null,
      locale: user.locale,
    },
  };
}

/** The trainees a step names: each one, one by number, or for a bid the next after the notice's own. */
function whoActs(which: 'each' | 'next' | number, numbers: number[], own?: number): number[] {
  if (which === 'each') return own === undefined ? numbers : [own];
  if (typeof which === 'number') return numbers.includes(which) ? [which] : [];
  const i = numbers.indexOf(own ?? numbers[0]!);
  return [numbers[(i + 1) % numbers.length]!];
}

export async function setUpScenario(
  deps: SetupDeps,
  audit: AuditContext,
  slug: string,
  scenario: Scenario,
): Promise<void> {
  const svc = procurementServices(deps);
  const accounts = await traineeAccounts(await currentSandbox(deps, slug));
  const numbers = [...accounts.keys()].sort((a, b) => a - b);
  const notices = new Map<string, Published[]>();
  for (const step of scenario.setup) {
    // The handle read again at each step: a clock step moves the sandbox's time.
    const tenant = await currentSandbox(deps, slug);
    await runStep(deps, svc, audit, tenant, step, { accounts, numbers, notices });
  }
  const tenant = await currentSandbox(deps, slug);
  await inTenant(tenant, (tx) =>
    deps.audit.record(tx, tenant, audit, { action: 'sandbox.scenario-ready', summary: { scenario: scenario.id } }),
  );
}

/**
 * Where the sandbox's rules ask for mutual checks, the trainee's publication waits for a second
 * officer of the class's agency: the next trainee's officer approves it, as a classmate would.
 */
async function checkedByClassmate(
  deps: SetupDeps,
  tenant: TenantHandle,
  result: unknown,
  who: { maker: number; accounts: Accounts },
): Promise<void> {
  if (!isAwaitingCheck(result)) return;
  const others = [...who.accounts.keys()].filter((n) => n !== who.maker).sort((a, b) => a - b);
  const classmate = others.find((n) => n > who.maker) ?? others[0];
  if (classmate === undefined)
    throw new Error('the sandbox asks for mutual checks: its scenario needs at least two trainees');
  const base = `${(deps.publicUrl ?? '').replace(/\/$/, '')}${tenantBasePath(tenant)}`;
  await approvalsService(deps).approve(
    as(tenant, who.accounts.get(classmate)!.officer),
    result.approvalId,
    (path) => `${base}${path}`,
  );
}

async function runStep(
  deps: SetupDeps,
  svc: ReturnType<typeof procurementServices>,
  audit: AuditContext,
  tenant: TenantHandle,
  step: SetupStep,
  state: { accounts: Accounts; numbers: number[]; notices: Map<string, Published[]> },
): Promise<void> {
  const c = tenant.config;
  if ('notice' in step) {
    const spec = step.notice;
    const time = new Timeline(c, clockInstant(tenant.clock));
    const deadlineDay = time.workingDay(spec.deadlineInDays);
    const deadline = time.at(deadlineDay, spec.deadlineTime);
    const opening = new Date(deadline.getTime() + spec.openingAfterMinutes * 60_000);
    const estimated = amountInMinorUnits(c.currency).parse(spec.estimatedPrice);
    // In each of the sandbox's languages the scenario gives, and always in its default one.
    const titles = Object.fromEntries(
      c.locales.supported
        .filter((lng) => spec.title[lng] || lng === c.locales.default)
        .map((lng) => [`title_${lng}`, textIn(spec.title, lng, spec.key)]),
    );
    const published: Published[] = [];
    for (const n of whoActs(spec.trainee, state.numbers)) {
      const officer = as(tenant, state.accounts.get(n)!.officer);
      const today = time.day(0);
      const planId = await svc.plans.create(officer, {
        ...titles,
        fiscalYear: Number(today.slice(0, 4)),
        category: spec.category,
        estimatedBudget: spec.estimatedPrice,
        quarter: Math.ceil(Number(today.slice(5, 7)) / 3),
        method: 'open',
      });
      await svc.plans.publish(officer, planId);
      const draft = noticeDraftSchema(c.locales.supported, c.locales.default, c.currency, c.timeZone).parse({
        ...titles,
        planEntryId: planId,
        category: spec.category,
        competition: 'domestic',
        method: 'open',
        evaluationMethod: 'lowest-price',
        estimatedPrice: spec.estimatedPrice,
        bidSecurityPercent: spec.bidSecurityPercent,
        submissionDeadline: deadline.toISOString(),
        openingAt: opening.toISOString(),
      });
      const id = await svc.notices.createDraft(officer, draft);
      const count = requiredDocuments(c, clockInstant(tenant.clock), 'open')?.count ?? 1;
      await svc.documents.upload(
        officer,
        id,
        Array.from({ length: Math.max(1, count) }, (_, i) => demoPdf(`tender-documents-${spec.key}-${i + 1}`)),
      );
      await checkedByClassmate(deps, tenant, await svc.notices.publish(officer, id), {
        maker: n,
        accounts: state.accounts,
      });
      published.push({ trainee: n, id, estimated, percent: spec.bidSecurityPercent });
    }
    state.notices.set(spec.key, published);
  } else if ('bid' in step) {
    for (const notice of state.notices.get(step.bid.notice) ?? []) {
      for (const n of whoActs(step.bid.trainee, state.numbers, notice.trainee)) {
        const price = Math.round(notice.estimated * step.bid.priceShare);
        await svc.bids.submit(as(tenant, state.accounts.get(n)!.supplier), notice.id, {
          lot: 0,
          price,
          bidSecurityAmount: Math.ceil((price * notice.percent) / 100),
          picks: [1 + (n % 7), 8 + (n % 7)],
          // One device per trainee: the one-device-one-bidder flag has nothing to say of the setup.
          device: { address: null, userAgentHash: null, deviceId: `scenario-device-${n}`.padEnd(22, '0') },
          files: [],
        });
      }
    }
  } else {
    const clock = step.clock;
    const first = 'notice' in clock ? state.notices.get(clock.notice)?.[0] : undefined;
    const target: ClockTarget =
      'by' in clock ? { kind: 'by', ms: durationMs(clock.by) } : { kind: clock.to, noticeId: first!.id };
    await moveSandboxClock(deps, audit, tenant.slug, target);
  }
}
