/**
 * Job `alerts-digest` (each morning, in the tenant's time zone): every supplier with daily alerts
 * gets one e-mail listing the notices published and the addenda issued since their last digest
 * that match any of their saved searches, in their language. An addendum to a notice the digest
 * lists anyway is left out. Each search remembers how far its digests reach, and each event is
 * recorded once per search, so running the job twice sends nothing the second time.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import type { JobHandler } from '../jobs/runner.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { now } from '../time/clock.js';
import { alertWriter, readAlertNotices } from './alert-mail.js';
import {
  ALERTED_SEARCHES,
  firstDeliveries,
  groupBy,
  MATCHED_COLUMNS,
  SEARCH_MATCHES_NOTICE,
  type MatchedSearch,
} from './matching.js';

interface DigestEvent extends MatchedSearch {
  notice_id: string;
  addendum_id: string | null;
  addendum_number: number | null;
  happened_at: Date;
}

const DAILY = ['daily', 'both'];

/**
 * Where a search's digest starts: an hour before the last one reached, since a publication stamped
 * just before that digest may have committed just after it (the deliveries already recorded keep
 * anything from being listed twice), and never before the search was saved.
 */
const SINCE = `greatest(s.created_at, s.digest_through - interval '1 hour')`;

/** New notices and addenda since each daily search's last digest, up to `at`. */
async function eventsSince(tx: Knex.Transaction, at: Date): Promise<DigestEvent[]> {
  const { rows } = await tx.raw<{ rows: DigestEvent[] }>(
    `select ${MATCHED_COLUMNS}, n.id as notice_id, null::uuid as addendum_id, null::int as addendum_number,
            n.published_at as happened_at
       from notices n, ${ALERTED_SEARCHES}
        and n.status = 'active' and n.published_at >= ${SINCE} and n.published_at <= ?
        and ${SEARCH_MATCHES_NOTICE}
     union all
     select ${MATCHED_COLUMNS}, n.id, a.id, a.number, a.issued_at
       from notice_addenda a join notices n on n.id = a.notice_id, ${ALERTED_SEARCHES}
        and n.status = 'active' and a.issued_at >= ${SINCE} and a.issued_at <= ?
        and ${SEARCH_MATCHES_NOTICE}
     order by email, happened_at`,
    [DAILY, at, DAILY, at],
  );
  return rows;
}

const eventKey = (e: DigestEvent) => (e.addendum_id ? `addendum:${e.addendum_id}` : `notice:${e.notice_id}`);

/** One line per notice: a new notice once, an addendum only when its notice is not new here too. */
function digestLines(events: DigestEvent[]): DigestEvent[] {
  const newNotices = new Set(events.filter((e) => !e.addendum_id).map((e) => e.notice_id));
  const seen = new Set<string>();
  return events.filter((e) => {
    const key = eventKey(e);
    if (seen.has(key) || (e.addendum_id && newNotices.has(e.notice_id))) return false;
    seen.add(key);
    return true;
  });
}

export function alertsDigestJob(services: Pick<Deps, 'i18n' | 'sessionSecret' | 'mailer'>): JobHandler {
  return ({ tenant }) =>
    inTenant(tenant, async (tx) => {
      const at = await now(tx);
      const events = await eventsSince(tx, at);
      const first = await firstDeliveries(
        tx,
        events.map((e) => ({ searchId: e.search_id, noticeId: e.notice_id, eventKey: eventKey(e) })),
        'digest',
      );
      const fresh = events.filter((e) => first.has(`${e.search_id} ${eventKey(e)}`));
      const notices = await readAlertNotices(tx, [...new Set(fresh.map((e) => e.notice_id))]);
      const write = alertWriter(services, tenant);
      let sent = 0;
      for (const own of groupBy(fresh, (e) => e.user_id)) {
        const person = own[0]!;
        const { lng, t } = write.reader(person.locale);
        const items = digestLines(own).map((e) => {
          const params = write.noticeParams(notices.get(e.notice_id)!, lng, t, person.link_base);
          return e.addendum_id
            ? t('mail:alert_digest_addendum', { ...params, number: e.addendum_number })
            : t('mail:alert_digest_notice', params);
        });
        const stop = write.stopLines(own, t);
        await services.mailer.queue(tx, tenant, {
          to: person.email,
          locale: lng,
          template: 'alert_digest',
          params: { name: person.display_name, items: items.join('\n\n'), stop: stop.text },
          unsubscribeUrl: stop.firstUrl,
        });
        sent++;
      }
      await tx.raw(`update saved_searches set digest_through = ? where frequency = any (?::text[])`, [at, DAILY]);
      return `digests ${sent}`;
    });
}
