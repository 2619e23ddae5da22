/**
 * What every addendum does to a notice, whoever issues it (an officer, or the platform after an
 * outage): the next addendum number, the next revision and its notice number suffix
 * (R26BK00000001-000 → -001), the new dates, status detail 'amended', an audit entry, and an
 * e-mail in their own language to everyone concerned: the users who submitted a current bid and
 * the suppliers' users who asked a question.
 */
import type { CheckedBy } from '../../approvals/mutual-checks.js';
import type { Knex } from 'knex';
import { addendumAlerts } from '../../alerts/alert-jobs.js';
import { formatDateTime } from '../../i18n/format.js';
import type { Language } from '../../i18n/languages.js';
import { mailLanguage } from '../../mail/outbox.js';
import type { JobEnqueuer } from '../../jobs/outbox.js';
import type { Deps } from '../../deps.js';
import type { Actor } from '../../identity/actor.js';
import { NoticeNotFoundError } from './errors.js';
import { scheduleOpening } from '../opening/schedule.js';
import { concernedUsers, noticeNumber, type NoticeRow } from './read.js';

export type AmendableNotice = NoticeRow & { opened_at: Date | null };

export interface Amendment {
  summary: string;
  deadline: Date;
  opening: Date;
  extendedByRule: boolean;
  rules: string[];
  /** Before/after of the dates, documents added and superseded, the outage (stored as jsonb). */
  changes: object;
  outageId?: string;
  issuedBy: string | null;
  /** The request a second officer approved, when the addendum waited for a mutual check. */
  checked?: CheckedBy;
  /** Mail template in the `mail` namespace and its parameters besides name, notice and deadline. */
  mail: { template: 'addendum_issued' | 'outage_extension'; params: Record<string, unknown> };
}

export interface IssuedAddendum {
  id: string;
  number: number;
  revision: number;
  noticeNo: string | null;
  deadline: Date;
  opening: Date;
  extendedByRule: boolean;
  rules: string[];
}

export async function lockNotice(tx: Knex.Transaction, id: string): Promise<AmendableNotice> {
  const row = await tx<AmendableNotice>('notices').where({ id }).forUpdate().first();
  if (!row || row.status === 'planning') throw new NoticeNotFoundError();
  return row;
}

/** The notice number of another revision, built as noticeNumber builds the first. */
export function revisedNumber(noticeNo: string | null, category: NoticeRow['category'], revision: number) {
  const parts = noticeNo ? /^R(\d{2})B[KSWI](\d{8})-\d{3}$/.exec(noticeNo) : null;
  if (!parts) return noticeNo;
  return noticeNumber(2000 + Number(parts[1]), category, Number(parts[2]), revision);
}

export type AmendDeps = Pick<Deps, 'audit' | 'mailer'> & { relay: JobEnqueuer };

/** Who amends which notice: an officer, or the system after an outage. */
export interface AmendTarget {
  actor: Pick<Actor, 'tenant' | 'audit'>;
  notice: AmendableNotice;
}

/** Issues the addendum: its row, the notice's new revision and dates, the audit entry, the mail. */
export async function amendNotice(
  tx: Knex.Transaction,
  services: AmendDeps,
  { actor, notice }: AmendTarget,
  amendment: Amendment,
): Promise<IssuedAddendum> {
  const tenant = actor.tenant;
  const last = await tx('notice_addenda')
    .where({ notice_id: notice.id })
    .max<{ max: number | null }[]>('number as max');
  const number = Number(last[0]?.max ?? 0) + 1;
  const revision = notice.revision + 1;
  const noticeNo = revisedNumber(notice.notice_no, notice.category, revision);
  const [row] = await tx('notice_addenda')
    .insert({
      notice_id: notice.id,
      number,
      revision,
      summary: amendment.summary,
      changes: JSON.stringify(amendment.changes),
      extended_by_rule: amendment.extendedByRule,
      applied_rules: amendment.rules,
      outage_id: amendment.outageId ?? null,
      issued_by: amendment.issuedBy,
    })
    .returning<{ id: string }[]>('id');
  await tx('notices').where({ id: notice.id }).update({
    submission_deadline: amendment.deadline,
    opening_at: amendment.opening,
    revision,
    notice_no: noticeNo,
    status_details: 'amended',
  });
  // The new revision's opening job (its own id); the old one, if it fires, waits for the new time.
  await scheduleOpening(tx, tenant, services.relay, { id: notice.id, revision, opening_at: amendment.opening });
  await services.audit.record(tx, tenant, actor.audit, {
    action: amendment.outageId ? 'notice.outage-extended' : 'notice.addendum-issued',
    target: { type: 'notice', id: notice.id },
    summary: auditSummary(notice, { number, noticeNo }, amendment),
  });
  await tellConcerned(tx, services, { tenant, noticeId: notice.id, noticeNo, number, amendment });
  await services.relay.enqueue(tx, tenant, addendumAlerts(tenant, notice.id, row!.id));
  return {
    id: row!.id,
    number,
    revision,
    noticeNo,
    deadline: amendment.deadline,
    opening: amendment.opening,
    extendedByRule: amendment.extendedByRule,
    rules: amendment.rules,
  };
}

/** The audit entry's before and after. */
function auditSummary(
  notice: AmendableNotice,
  issued: { number: number; noticeNo: string | null },
  amendment: Amendment,
): Record<string, unknown> {
  return {
    addendum: issued.number,
    before: {
      noticeNo: notice.notice_no,
      deadline: notice.submission_deadline.toISOString(),
      opening: notice.opening_at.toISOString(),
    },
    after: {
      noticeNo: issued.noticeNo,
      deadline: amendment.deadline.toISOString(),
      opening: amendment.opening.toISOString(),
    },
    extendedByRule: amendment.extendedByRule,
    rules: amendment.rules,
    ...(amendment.outageId ? { outage: amendment.outageId } : {}),
    ...(amendment.checked ? { checked: amendment.checked } : {}),
  };
}

/** An e-mail about the addendum to everyone concerned, each in their own language. */
async function tellConcerned(
  tx: Knex.Transaction,
  services: AmendDeps,
  about: { tenant: Actor['tenant']; noticeId: string; noticeNo: string | null; number: number; amendment: Amendment },
): Promise<void> {
  const { tenant, noticeNo, number, amendment } = about;
  const config = tenant.config;
  for (const user of await concernedUsers(tx, about.noticeId)) {
    const lng = mailLanguage(tenant, user.locale);
    await services.mailer.queue(tx, tenant, {
      to: user.email,
      locale: lng,
      template: amendment.mail.template,
      params: {
        ...amendment.mail.params,
        name: user.display_name,
        notice: noticeNo ?? '',
        number,
        deadline: formatDateTime(amendment.deadline, lng, config.timeZone, config.numberingSystem),
        ...formattedParams(amendment.mail.params, lng, config.timeZone, config.numberingSystem),
      },
    });
  }
}

/** Dates among the mail parameters, written out in the recipient's language. */
function formattedParams(
  params: Record<string, unknown>,
  lng: Language,
  timeZone: string,
  numbering: 'latn' | 'arab',
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params))
    if (value instanceof Date) out[key] = formatDateTime(value, lng, timeZone, numbering);
  return out;
}
