/**
 * The review committee of a round. The officer of the notice's agency seats users with the
 * evaluator or officer role (never the officer who submitted the round); each member first
 * declares no conflict of interest, as evaluators do (server/conflicts/): their declared relations
 * and own name are matched against the companies taking part (companies.ts). A match blocks the
 * seat: the member is taken off with the reason, the matches are kept for the officer's page,
 * the officer who seated them is told by e-mail in their language, and the block is audited;
 * the officer must seat someone else.
 */
import { SeatBlockedError } from '../conflicts/errors.js';
import type { SeatMatch } from '../conflicts/matching.js';
import { relationsOf } from '../conflicts/relations.js';
import { seatMatches } from '../conflicts/matching.js';
import { BLOCKED_REASON, companiesText, companyLabel, tellSeatingOfficer } from '../conflicts/seat-check.js';
import type { Deps } from '../deps.js';
import type { Actor } from '../identity/actor.js';
import { assertCan } from '../identity/policy.js';
import { textIn } from '../i18n/localized-fields.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { companiesTakingPart } from './companies.js';
import { AlreadySeatedError, NotAReviewerError, NotOnReviewCommitteeError } from './errors.js';
import { noticeUnderReview, pendingRound, type MemberRow } from './records.js';

const REVIEWER_ROLES = ['evaluator', 'officer'];

export function reviewCommitteeService(services: Pick<Deps, 'audit' | 'mailer'>) {
  return {
    /** Seats a reviewer on the pending round and tells them by e-mail in their language. */
    async seat(actor: Actor, noticeId: string, { email }: { email: string }): Promise<string> {
      const { tenant, user: officer } = actor;
      return inTenant(tenant, async (tx) => {
        const notice = await noticeUnderReview(tx, noticeId);
        assertCan(officer, 'notices:manage', notice.agency_id);
        const round = await pendingRound(tx, notice.id);
        const user = await tx('users')
          .whereRaw('lower(email) = lower(?)', [email])
          .where({ status: 'active' })
          .first<
            { id: string; roles: string[]; email: string; locale: string | null; display_name: string } | undefined
          >('id', 'roles', 'email', 'locale', 'display_name');
        if (!user || !user.roles.some((r) => REVIEWER_ROLES.includes(r)) || user.id === round.submitted_by)
          throw new NotAReviewerError();
        const [seat] = await tx('project_review_members')
          .insert({ review_id: round.id, user_id: user.id, seated_by: officer.id })
          .onConflict(['review_id', 'user_id'])
          .ignore()
          .returning<{ id: string }[]>('id');
        if (!seat) throw new AlreadySeatedError();
        await services.audit.record(tx, tenant, actor.audit, {
          action: 'review.member-seated',
          target: { type: 'notice', id: notice.id },
          summary: { round: round.round, member: user.id },
        });
        await services.mailer.queue(tx, tenant, {
          to: user.email,
          locale: user.locale,
          template: 'review:seated_mail',
          params: {
            name: user.display_name,
            project: textIn(notice.title, user.locale ?? tenant.config.locales.default, tenant.config.locales.default),
          },
        });
        return seat.id;
      });
    },

    /**
     * Declares no conflict of interest with the companies taking part. A match blocks the seat
     * instead: the block commits, then the declaration is refused with the companies named.
     */
    async declare(actor: Actor, noticeId: string): Promise<void> {
      const { tenant, user } = actor;
      assertCan(user, 'account:use');
      let blocked: SeatMatch[] = [];
      await inTenant(tenant, async (tx) => {
        const notice = await noticeUnderReview(tx, noticeId);
        const round = await pendingRound(tx, notice.id);
        const seat = await tx('project_review_members')
          .where({ review_id: round.id, user_id: user.id })
          .forUpdate()
          .first<MemberRow | undefined>();
        if (!seat || seat.status === 'declined') throw new NotOnReviewCommitteeError();
        if (seat.status === 'declared') return;
        const companies = await companiesTakingPart(tx, notice);
        blocked = seatMatches({ displayName: user.displayName, relations: await relationsOf(tx, user.id) }, companies);
        if (blocked.length > 0) {
          await tx('project_review_members')
            .where({ id: seat.id })
            .update({ status: 'declined', declined_reason: BLOCKED_REASON, conflicts: JSON.stringify(blocked) });
          await services.audit.record(tx, tenant, actor.audit, {
            action: 'review.seat-blocked',
            target: { type: 'notice', id: notice.id },
            summary: {
              round: round.round,
              member: user.id,
              matches: blocked.map((m) => ({
                supplier: m.supplierId,
                registrationNo: m.registrationNo,
                reason: m.reason,
              })),
            },
          });
          await tellSeatingOfficer(
            services,
            tx,
            tenant,
            { officerId: seat.seated_by, template: 'review:seat_blocked_mail' },
            (officer) => ({
              member: user.displayName,
              project: textIn(notice.title, officer.locale ?? '', tenant.config.locales.default),
              companies: companiesText(blocked, officer.locale),
            }),
          );
          return;
        }
        await tx('project_review_members')
          .where({ id: seat.id })
          .update({ status: 'declared', declared_at: tx.raw('app_now()') });
        await services.audit.record(tx, tenant, actor.audit, {
          action: 'review.conflict-declared',
          target: { type: 'notice', id: notice.id },
          summary: {
            round: round.round,
            member: user.id,
            companies: companies.map((c) => companyLabel(c.name, c.registrationNo)),
          },
        });
      });
      if (blocked.length > 0) throw new SeatBlockedError(companiesText(blocked, actor.audit.locale));
    },
  };
}
