/**
 * The evaluator's, the auditor's and the tenant administrator's sections of the work page: the
 * committee seats with what each waits for; the trail's recent activity and the state of its
 * verification; the registrations, renewals and invitations waiting, and the accounts by role.
 */
import type { Knex } from 'knex';

export interface Seat {
  noticeId: string;
  noticeNo: string | null;
  title: Record<string, string>;
  status: 'assigned' | 'declared' | 'declined';
  assignedAt: Date;
  negotiated: boolean;
  openedAt: Date | null;
  openingAt: Date;
  noticeActive: boolean;
  /** The technical evaluation of the current round is closed (a result is recorded). */
  decided: boolean;
  /** Valid bids at the opening, and how many of them this evaluator scored this round. */
  bids: number;
  scored: number;
}

/** Every seat of the evaluator, newest first, in one query. */
export async function evaluatorSeats(tx: Knex.Transaction, userId: string): Promise<Seat[]> {
  const rows = await tx('evaluators as e')
    .join('notices as n', 'n.id', 'e.notice_id')
    .leftJoin('tender_openings as o', 'o.notice_id', 'n.id')
    .joinRaw(
      `cross join lateral (select count(*) + 1 as round from evaluation_results r
          where r.notice_id = n.id and r.status = 'reopened') as k`,
    )
    .where('e.user_id', userId)
    .orderBy('e.assigned_at', 'desc')
    .limit(50)
    .select<
      {
        notice_id: string;
        notice_no: string | null;
        title: Record<string, string>;
        status: Seat['status'];
        assigned_at: Date;
        evaluation_method: string;
        opened_at: Date | null;
        opening_at: Date;
        notice_status: string;
        decided: boolean;
        bids: string | null;
        scored: string;
      }[]
    >(
      'e.notice_id',
      'n.notice_no',
      'n.title',
      'e.status',
      'e.assigned_at',
      'n.evaluation_method',
      'n.opened_at',
      'n.opening_at',
      'n.status as notice_status',
      tx.raw('exists (select 1 from evaluation_results r where r.notice_id = n.id and r.round = k.round) as decided'),
      tx.raw(`(o.record ->> 'validBids') as bids`),
      tx.raw('(select count(*) from technical_scores s where s.evaluator_id = e.id and s.round = k.round) as scored'),
    );
  return rows.map((r) => ({
    noticeId: r.notice_id,
    noticeNo: r.notice_no,
    title: r.title,
    status: r.status,
    assignedAt: r.assigned_at,
    negotiated: r.evaluation_method === 'negotiated',
    openedAt: r.opened_at,
    openingAt: r.opening_at,
    noticeActive: r.notice_status === 'active',
    decided: r.decided,
    bids: Number(r.bids ?? 0),
    scored: Number(r.scored),
  }));
}

export interface ActivityArea {
  /** The first part of the action codes (`notice` for `notice.published`). */
  area: string;
  entries: number;
  lastAt: Date;
}

export interface AuditorWork {
  days: number;
  activity: ActivityArea[];
  failedSignIns: number;
  /** The last verification the nightly job recorded, if any. */
  lastVerification: { at: Date; valid: boolean } | null;
  blocks: number;
  lastSealedAt: Date | null;
  unsealed: number;
  signedHeads: number;
}

const ACTIVITY_DAYS = 7;

export async function auditorWork(tx: Knex.Transaction): Promise<AuditorWork> {
  const activity = await tx('audit_entries')
    .whereRaw(`at > app_now() - make_interval(days => ?)`, [ACTIVITY_DAYS])
    .groupByRaw('1')
    .orderByRaw('2 desc, 1')
    .select<{ area: string; entries: string; failed: string; last_at: Date }[]>(
      tx.raw(`split_part(action, '.', 1) as area`),
      tx.raw('count(*) as entries'),
      tx.raw(`count(*) filter (where action = 'auth.login-failed') as failed`),
      tx.raw('max(at) as last_at'),
    );
  const verified = await tx('audit_entries')
    .where({ action: 'audit.verified' })
    .orderBy('at', 'desc')
    .first<{ at: Date; valid: boolean | null } | undefined>('at', tx.raw(`(summary ->> 'valid')::boolean as valid`));
  const chain = await tx
    .select<{ blocks: string; last_sealed_at: Date | null; unsealed: string; heads: string }[]>(
      tx.raw('(select count(*) from audit_blocks) as blocks'),
      tx.raw('(select max(sealed_at) from audit_blocks) as last_sealed_at'),
      tx.raw(`(select count(*) from audit_entries e
                where not exists (select 1 from audit_sealed s where s.seq = e.seq)) as unsealed`),
      tx.raw('(select count(*) from audit_heads) as heads'),
    )
    .first();
  return {
    days: ACTIVITY_DAYS,
    activity: activity.map((a) => ({ area: a.area, entries: Number(a.entries), lastAt: a.last_at })),
    failedSignIns: activity.reduce((sum, a) => sum + Number(a.failed), 0),
    lastVerification: verified ? { at: verified.at, valid: verified.valid === true } : null,
    blocks: Number(chain?.blocks ?? 0),
    lastSealedAt: chain?.last_sealed_at ?? null,
    unsealed: Number(chain?.unsealed ?? 0),
    signedHeads: Number(chain?.heads ?? 0),
  };
}

export interface WaitingSupplier {
  id: string;
  legalName: Record<string, string>;
  registrationNo: string;
  /** A new registration to decide, or a renewal asked for. */
  kind: 'registration' | 'renewal';
  since: Date | null;
}

export interface WaitingInvitation {
  email: string;
  displayName: string;
  roles: string[];
  invitedAt: Date;
  /** The link has expired unused: the person needs a new invitation. */
  expired: boolean;
}

export interface AdminWork {
  suppliers: WaitingSupplier[];
  invitations: WaitingInvitation[];
  roles: { role: string; active: number }[];
  deactivated: number;
}

export async function adminWork(tx: Knex.Transaction): Promise<AdminWork> {
  const suppliers = await tx('suppliers')
    .where({ status: 'pending' })
    .orWhereNotNull('renewal_requested_at')
    .orderByRaw('coalesce(renewal_requested_at, submitted_at) nulls last')
    .limit(20)
    .select<
      {
        id: string;
        legal_name: Record<string, string>;
        registration_no: string;
        status: string;
        submitted_at: Date | null;
        renewal_requested_at: Date | null;
      }[]
    >('id', 'legal_name', 'registration_no', 'status', 'submitted_at', 'renewal_requested_at');
  // Staff invited by an administrator who have not chosen a password yet.
  const invitations = await tx('users as u')
    .where('u.status', 'active')
    .whereNull('u.email_verified_at')
    .whereExists((q) =>
      q.select(tx.raw('1')).from('account_tokens as t').whereRaw(`t.user_id = u.id and t.purpose = 'invitation'`),
    )
    .orderBy('u.created_at')
    .limit(20)
    .select<{ email: string; display_name: string; roles: string[]; created_at: Date; pending: boolean }[]>(
      'u.email',
      'u.display_name',
      'u.roles',
      'u.created_at',
      tx.raw(`exists (select 1 from account_tokens t where t.user_id = u.id and t.purpose = 'invitation'
                and t.used_at is null and t.expires_at > app_now()) as pending`),
    );
  const roles = await tx
    .from(tx.raw('users, unnest(users.roles) as role'))
    .where('users.status', 'active')
    .groupBy('role')
    .orderBy('role')
    .select<{ role: string; active: string }[]>('role', tx.raw('count(*) as active'));
  const deactivated = await tx('users').where({ status: 'deactivated' }).count<{ n: string }[]>('* as n');
  return {
    suppliers: suppliers.map((s) => ({
      id: s.id,
      legalName: s.legal_name,
      registrationNo: s.registration_no,
      kind: s.renewal_requested_at ? 'renewal' : 'registration',
      since: s.renewal_requested_at ?? s.submitted_at,
    })),
    invitations: invitations.map((i) => ({
      email: i.email,
      displayName: i.display_name,
      roles: i.roles,
      invitedAt: i.created_at,
      expired: !i.pending,
    })),
    roles: roles.map((r) => ({ role: r.role, active: Number(r.active) })),
    deactivated: Number(deactivated[0]?.n ?? 0),
  };
}
