/**
 * The call center's week in numbers, read from each tenant the staff member may see (operators:
 * every partner; agents: their grants), each in its own transaction bound to that tenant: the
 * calls received by day, topic, caller's language and what became of them, and how long the
 * tickets closed that week took. Only counts leave a tenant, no caller and no ticket, so reading
 * them is not written to the tenants' audit trails as a look into their records is.
 */
import type { Knex } from 'knex';
import pLimit from 'p-limit';
import type { Deps } from '../deps.js';
import type { StaffMember } from '../platform/staff.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { CALL_OUTCOMES, CALL_TOPICS, type CallOutcome, type CallTopic } from './catalog.js';
import type { ReportWeek } from './report-week.js';

type ReportDeps = Pick<Deps, 'tenancy'>;

/** What became of a call: its ticket's outcome, or still open. */
export type CallState = CallOutcome | 'open';
export const CALL_STATES: readonly CallState[] = [...CALL_OUTCOMES, 'open'];

export interface CallCounts {
  opened: number;
  /** Calls received on each day of the week, Monday first. */
  perDay: number[];
  byTopic: Record<CallTopic, number>;
  /** By the caller's language code, only those with calls. */
  byLanguage: Record<string, number>;
  byState: Record<CallState, number>;
  /** Tickets closed in the week (whenever they were opened) and their times to resolution. */
  closed: number;
  medianHours: number | null;
  averageHours: number | null;
}

export interface TenantCalls extends CallCounts {
  tenant: TenantHandle;
}

export interface CallCenterReport {
  week: ReportWeek;
  tenants: TenantCalls[];
  totals: CallCounts;
}

interface GroupRow {
  day: string;
  topic: string;
  language: string;
  state: string;
  calls: number;
}

/** The partners the staff member may see: every one for an operator, the granted ones for an agent. */
async function visibleTenants(deps: ReportDeps, staff: StaffMember): Promise<TenantHandle[]> {
  const records = await deps.tenancy.registry.list();
  return records
    .filter((r) => r.kind === 'partner' && (r.status === 'active' || r.status === 'suspended'))
    .filter((r) => staff.role === 'operator' || staff.grants.includes(r.slug))
    .map((r) => deps.tenancy.handleFor(r))
    .filter((handle): handle is TenantHandle => handle !== undefined);
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Counts from the grouped rows and resolution times (hours) of one tenant or of all together. */
function countsOf(week: ReportWeek, groups: GroupRow[], hours: number[]): CallCounts {
  const counts: CallCounts = {
    opened: 0,
    perDay: week.days.map(() => 0),
    byTopic: Object.fromEntries(CALL_TOPICS.map((t) => [t, 0])) as Record<CallTopic, number>,
    byLanguage: {},
    byState: Object.fromEntries(CALL_STATES.map((s) => [s, 0])) as Record<CallState, number>,
    closed: hours.length,
    medianHours: null,
    averageHours: null,
  };
  for (const g of groups) {
    counts.opened += g.calls;
    const day = week.days.indexOf(g.day);
    if (day >= 0) counts.perDay[day]! += g.calls;
    // A topic no longer in the catalogue is counted as "other".
    const topic = (CALL_TOPICS as readonly string[]).includes(g.topic) ? (g.topic as CallTopic) : 'other';
    counts.byTopic[topic] += g.calls;
    counts.byLanguage[g.language] = (counts.byLanguage[g.language] ?? 0) + g.calls;
    if ((CALL_STATES as readonly string[]).includes(g.state)) counts.byState[g.state as CallState] += g.calls;
  }
  const sorted = [...hours].sort((a, b) => a - b);
  counts.medianHours = median(sorted);
  counts.averageHours = sorted.length ? sorted.reduce((sum, h) => sum + h, 0) / sorted.length : null;
  return counts;
}

/** One tenant's calls of the week, grouped by day (in the week's zone), topic, language and state. */
async function readTenant(tx: Knex.Transaction, week: ReportWeek): Promise<{ groups: GroupRow[]; hours: number[] }> {
  const groups: GroupRow[] = await tx('support_tickets')
    .select(
      tx.raw(`to_char(opened_at at time zone ?, 'YYYY-MM-DD') as day`, [week.timeZone]),
      'topic',
      'language',
      tx.raw(`coalesce(outcome, 'open') as state`),
      tx.raw('count(*)::int as calls'),
    )
    .where('opened_at', '>=', week.start)
    .andWhere('opened_at', '<', week.end)
    .groupByRaw('1, 2, 3, 4');
  const closed = await tx('support_tickets')
    .select<{ seconds: number }[]>(tx.raw('extract(epoch from closed_at - opened_at)::float8 as seconds'))
    .where('closed_at', '>=', week.start)
    .andWhere('closed_at', '<', week.end);
  return { groups, hours: closed.map((c) => c.seconds / 3600) };
}

/** The week's report over the tenants the staff member may see, a few tenants read at a time. */
export async function callCenterReport(
  deps: ReportDeps,
  staff: StaffMember,
  week: ReportWeek,
): Promise<CallCenterReport> {
  const tenants = await visibleTenants(deps, staff);
  const limit = pLimit(4);
  const read = await Promise.all(
    tenants.map((tenant) => limit(async () => ({ tenant, ...(await inTenant(tenant, (tx) => readTenant(tx, week))) }))),
  );
  return {
    week,
    tenants: read.map(({ tenant, groups, hours }) => ({ tenant, ...countsOf(week, groups, hours) })),
    totals: countsOf(
      week,
      read.flatMap((r) => r.groups),
      read.flatMap((r) => r.hours),
    ),
  };
}
