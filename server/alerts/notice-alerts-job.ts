/**
 * Job `notice-alerts`: right after a notice is published or amended, the suppliers whose saved
 * searches match it (and who asked for immediate alerts) get one e-mail each, in their language,
 * naming the searches it matched. People the addendum mail reaches already (bidders, those who
 * asked a question) are not written to twice. Deliveries are recorded per search and event, so
 * the job sends nothing when it runs again; a notice cancelled meanwhile alerts no one.
 */
import type { Deps } from '../deps.js';
import type { JobHandler } from '../jobs/runner.js';
import { concernedUsers } from '../procurement/notices/read.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { alertWriter, readAlertNotices } from './alert-mail.js';
import { firstDeliveries, groupBy, searchesMatching } from './matching.js';

export function noticeAlertsJob(services: Pick<Deps, 'i18n' | 'sessionSecret' | 'mailer'>): JobHandler {
  return ({ job, tenant }) => {
    const noticeId = String(job.data.noticeId);
    const addendumId = typeof job.data.addendumId === 'string' ? job.data.addendumId : null;
    return inTenant(tenant, async (tx) => {
      const notice = (await readAlertNotices(tx, [noticeId])).get(noticeId);
      if (!notice || notice.status !== 'active') return 'stale';
      const addendum = addendumId
        ? await tx('notice_addenda')
            .where({ id: addendumId, notice_id: noticeId })
            .first<{ number: number; summary: string } | undefined>('number', 'summary')
        : undefined;
      if (addendumId && !addendum) return 'stale';

      let matched = await searchesMatching(tx, noticeId, ['immediate', 'both']);
      if (addendum) {
        const told = new Set((await concernedUsers(tx, noticeId)).map((u) => u.email));
        matched = matched.filter((m) => !told.has(m.email));
      }
      const eventKey = addendumId ? `addendum:${addendumId}` : `notice:${noticeId}`;
      const first = await firstDeliveries(
        tx,
        matched.map((m) => ({ searchId: m.search_id, noticeId, eventKey })),
        'immediate',
      );
      const fresh = matched.filter((m) => first.has(`${m.search_id} ${eventKey}`));

      const write = alertWriter(services, tenant);
      const people = groupBy(fresh, (m) => m.user_id);
      for (const searches of people) {
        const person = searches[0]!;
        const { lng, t } = write.reader(person.locale);
        const stop = write.stopLines(searches, t);
        await services.mailer.queue(tx, tenant, {
          to: person.email,
          locale: lng,
          template: addendum ? 'alert_addendum' : 'alert_notice',
          params: {
            ...write.noticeParams(notice, lng, t, person.link_base),
            name: person.display_name,
            searches: write.searchNames(searches, lng, t),
            number: addendum?.number ?? '',
            summary: addendum?.summary ?? '',
            stop: stop.text,
          },
          unsubscribeUrl: stop.firstUrl,
        });
      }
      return `alerted ${people.length}`;
    });
  };
}
