/** Who hears of the award and of complaints, by e-mail (queued in the same transaction). */
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import { formatMoney } from '../../i18n/format.js';
import { localDate } from '../../regulations/lookup.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { concernedUsers, type NoticeRow } from '../notices/read.js';

type MailDeps = Pick<Deps, 'mailer'>;

export interface Winner {
  bidId: string;
  price: number;
  supplierName: string;
}

/** Everyone concerned by the notice hears of the award, the winner and the end of the standstill. */
export async function tellConcerned(
  tx: Knex.Transaction,
  deps: MailDeps,
  award: { tenant: TenantHandle; notice: NoticeRow; winner: Winner; endsAt: Date },
): Promise<void> {
  const { tenant, notice, winner, endsAt } = award;
  const c = tenant.config;
  for (const person of await concernedUsers(tx, notice.id)) {
    await deps.mailer.queue(tx, tenant, {
      to: person.email,
      locale: person.locale,
      template: 'award_published',
      params: {
        name: person.display_name,
        notice: notice.notice_no ?? '',
        winner: winner.supplierName,
        amount: formatMoney(winner.price, c.currency, c.locales.default, c.numberingSystem),
        until: localDate(endsAt, c.timeZone),
      },
    });
  }
}

/** The agency's officers hear of a complaint. */
export async function tellOfficers(
  tx: Knex.Transaction,
  deps: MailDeps,
  about: { tenant: TenantHandle; notice: NoticeRow },
): Promise<void> {
  const { tenant, notice } = about;
  const officers = await tx('users')
    .where({ agency_id: notice.agency_id, status: 'active' })
    .whereRaw(`'officer' = any(roles)`)
    .select<{ email: string; locale: string | null; display_name: string }[]>('email', 'locale', 'display_name');
  for (const officer of officers) {
    await deps.mailer.queue(tx, tenant, {
      to: officer.email,
      locale: officer.locale,
      template: 'complaint_filed',
      params: { name: officer.display_name, notice: notice.notice_no ?? '' },
    });
  }
}

/** The complainant hears the decision and the answer. */
export async function tellComplainant(
  tx: Knex.Transaction,
  deps: MailDeps,
  answer: { tenant: TenantHandle; notice: NoticeRow; filedBy: string; decision: string; answer: string },
): Promise<void> {
  const { tenant, notice } = answer;
  const filer = await tx('users')
    .where({ id: answer.filedBy })
    .first<{ email: string; locale: string | null; display_name: string }>('email', 'locale', 'display_name');
  await deps.mailer.queue(tx, tenant, {
    to: filer.email,
    locale: filer.locale,
    template: `complaint_${answer.decision}`,
    params: { name: filer.display_name, notice: notice.notice_no ?? '', answer: answer.answer },
  });
}
