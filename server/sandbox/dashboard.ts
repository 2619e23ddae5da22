/**
 * What the trainer's pages read: the sandboxes a staff member runs (an operator sees them all), and
 * one sandbox's class, clock and notices. Nothing here is a partner's: a slug that names a partner
 * is not found.
 */
import type { AuditContext } from '../audit/trail.js';
import type { Deps } from '../deps.js';
import { recentEmails, type OutboxEmail } from '../mail/read.js';
import { NotFoundError } from '../http/errors.js';
import type { StaffMember } from '../platform/staff.js';
import type { TenantRecord } from '../tenancy/registry.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { now } from '../time/clock.js';
import { classProgress, type TraineeProgress } from './progress.js';
import type { Scenario } from './scenarios.js';
import { EXERCISE_ROLES, traineeEmail } from './trainees.js';

type DashboardDeps = Pick<Deps, 'tenancy'>;

/** Each trainee's progress through the sandbox's scenario. */
export function scenarioProgress(tenant: TenantHandle, scenario: Scenario): Promise<TraineeProgress[]> {
  return inTenant(tenant, (tx) => classProgress(tx, scenario));
}

/** The e-mails the sandbox kept (none leaves it), for its trainer; each reading is in its trail. */
export function sandboxMail(
  deps: Pick<Deps, 'audit'>,
  audit: AuditContext,
  tenant: TenantHandle,
): Promise<OutboxEmail[]> {
  return inTenant(tenant, async (tx) => {
    const emails = await recentEmails(tx);
    await deps.audit.record(tx, tenant, audit, { action: 'platform.outbox-read', summary: { emails: emails.length } });
    return emails;
  });
}

/** Whether `staff` runs this sandbox: its trainer, or any operator. */
export function runs(staff: StaffMember, record: TenantRecord): boolean {
  return record.kind === 'sandbox' && (staff.role === 'operator' || record.sandbox?.trainerId === staff.id);
}

export async function sandboxesOf(deps: DashboardDeps, staff: StaffMember): Promise<TenantHandle[]> {
  const records = (await deps.tenancy.registry.list()).filter((r) => runs(staff, r) && r.status !== 'archived');
  return records.flatMap((r) => deps.tenancy.handleFor(r) ?? []);
}

/** A sandbox the staff member runs, or 404 (a partner's slug, another trainer's class). */
export async function runSandbox(deps: DashboardDeps, staff: StaffMember, slug: string): Promise<TenantHandle> {
  const record = await deps.tenancy.registry.findNow(slug);
  const tenant = record && runs(staff, record) ? deps.tenancy.handleFor(record) : undefined;
  if (!tenant) throw new NotFoundError();
  return tenant;
}

export interface SandboxNotice {
  id: string;
  noticeNo: string | null;
  title: Record<string, string>;
  submissionDeadline: Date;
  openingAt: Date;
  opened: boolean;
}

export interface SandboxState {
  at: Date;
  notices: SandboxNotice[];
  trainees: { number: number; accounts: { role: string; email: string }[] }[];
}

/** The sandbox's time, its published notices and its trainees' sign-in names. */
export function sandboxState(tenant: TenantHandle): Promise<SandboxState> {
  return inTenant(tenant, async (tx) => {
    const notices = await tx('notices').whereNotNull('published_at').orderBy('submission_deadline').limit(50).select<
      {
        id: string;
        notice_no: string | null;
        title: Record<string, string>;
        submission_deadline: Date;
        opening_at: Date;
        opened_at: Date | null;
      }[]
    >('id', 'notice_no', 'title', 'submission_deadline', 'opening_at', 'opened_at');
    const numbers = await tx('trainees').orderBy('number').pluck<number[]>('number');
    return {
      at: await now(tx),
      notices: notices.map((n) => ({
        id: n.id,
        noticeNo: n.notice_no,
        title: n.title,
        submissionDeadline: n.submission_deadline,
        openingAt: n.opening_at,
        opened: n.opened_at !== null,
      })),
      trainees: numbers.map((n) => ({
        number: n,
        accounts: EXERCISE_ROLES.map((role) => ({ role, email: traineeEmail(tenant.slug, n, role) })),
      })),
    };
  });
}
