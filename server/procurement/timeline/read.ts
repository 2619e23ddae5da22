/**
 * A tender's timeline, from the plan entry to the payments, in time order, with the audit entries
 * behind each step. The public reads the public steps only, without audit entries; the notice's
 * agency officers and auditors read every step and its entries (action, time, actor, entry hash;
 * client addresses and request ids for auditors only). Bid entries name their supplier: before
 * the opening only auditors see them.
 */
import type { Knex } from 'knex';
import { NotFoundError } from '../../http/errors.js';
import type { Actor } from '../../identity/actor.js';
import { can } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import { contractSteps } from './contract-steps.js';
import type { Audience, EntryRow, Step, StepParams } from './step.js';
import { tenderSteps, type TimelineNotice } from './tender-steps.js';

export interface TimelineEntry {
  seq: number;
  at: Date;
  action: string;
  entryHash: string;
  actorType: string;
  actorLabel: string | null;
  clientAddress?: string | null;
  requestId?: string | null;
}

export interface TimelineStep {
  kind: string;
  at: Date;
  public: boolean;
  params: StepParams;
  entries?: TimelineEntry[];
}

export interface Timeline {
  notice: { id: string; noticeNo: string | null; title: Record<string, string> };
  audience: Audience;
  steps: TimelineStep[];
}

/** The kinds of records whose ids the timeline collects (audit targets are looked up by type and id). */
const TARGET_TYPES = [
  'notice',
  'plan-entry',
  'pre-specification',
  'bid',
  'evaluation',
  'evaluation-result',
  'award',
  'complaint',
  'contract',
  'contract-signature',
  'contract-amendment',
  'contract-deposit',
  'deliverable',
  'delivery',
  'inspection',
  'invoice',
  'payment',
];

function audienceOf(user: SessionUser | undefined, notice: TimelineNotice): Audience {
  if (can(user, 'audit:read')) return 'auditor';
  if (can(user, 'notices:manage', notice.agency_id)) return 'officer';
  return 'public';
}

function entryView(e: EntryRow, audience: Audience): TimelineEntry {
  return {
    seq: Number(e.seq),
    at: e.at,
    action: e.action,
    entryHash: e.entry_hash,
    actorType: e.actor_type,
    actorLabel: e.actor_label,
    ...(audience === 'auditor' ? { clientAddress: e.client_address, requestId: e.request_id } : {}),
  };
}

/** Gives each entry to the step that claims it (the closest in time when several do). */
function attach(steps: Step[], entries: EntryRow[], audience: Audience): TimelineStep[] {
  const out = steps.map((s): TimelineStep & { claims: Step['claims'] } => ({ ...s, entries: [] }));
  for (const e of entries) {
    const candidates = out.filter((s) => s.claims(e));
    const home = candidates.sort(
      (a, b) => Math.abs(a.at.getTime() - e.at.getTime()) - Math.abs(b.at.getTime() - e.at.getTime()),
    )[0];
    if (home) home.entries!.push(entryView(e, audience));
    else
      out.push({
        kind: 'recorded',
        at: e.at,
        public: false,
        params: { action: e.action },
        entries: [entryView(e, audience)],
        claims: () => false,
      });
  }
  return out.map(({ claims: _claims, ...s }) => s);
}

export async function timelineOf(
  tx: Knex.Transaction,
  noticeId: string,
  user: SessionUser | undefined,
): Promise<Timeline | undefined> {
  const notice = await tx('notices')
    .where({ id: noticeId })
    .first<TimelineNotice | undefined>(
      'id',
      'notice_no',
      'title',
      'agency_id',
      'plan_entry_id',
      'status',
      'created_at',
      'published_at',
      'submission_deadline',
      'opened_at',
    );
  if (!notice) return undefined;
  const audience = audienceOf(user, notice);
  if (notice.status === 'planning' && audience === 'public') return undefined;
  const at = await now(tx);
  const tender = await tenderSteps(tx, notice, at);
  const contract = await contractSteps(tx, notice.id);
  let steps: TimelineStep[];
  if (audience === 'public') {
    steps = [...tender.steps, ...contract.steps]
      .filter((s) => s.public)
      .map((s) => ({ kind: s.kind, at: s.at, public: true, params: s.params }));
  } else {
    const entries = await tx('audit_entries')
      .whereIn('target_type', TARGET_TYPES)
      .whereIn('target_id', [...new Set([...tender.ids, ...contract.ids])])
      .orderBy('seq')
      .select<EntryRow[]>(
        'seq',
        'at',
        'actor_type',
        'actor_label',
        'action',
        'target_type',
        'target_id',
        'summary',
        'request_id',
        'client_address',
        'entry_hash',
      );
    // Who bid is known to the officers at the opening, not before.
    const sealed = audience === 'officer' && !notice.opened_at;
    const visible = sealed ? entries.filter((e) => e.target_type !== 'bid' && !e.action.startsWith('bid.')) : entries;
    steps = attach([...tender.steps, ...contract.steps], visible, audience);
  }
  steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { notice: { id: notice.id, noticeNo: notice.notice_no, title: notice.title }, audience, steps };
}

/** The timeline as the actor may read it; a notice they may not see is not found. */
export async function readTimeline(actor: Actor, noticeId: string): Promise<Timeline> {
  const timeline = await inTenant(actor.tenant, (tx) => timelineOf(tx, noticeId, actor.user));
  if (!timeline) throw new NotFoundError('notice_not_found', 'notices:not_found');
  return timeline;
}
