/** The award as everyone may read it: the notice of award and the complaints with their answers. */
import { isUuid } from '../../http/params.js';
import type { Actor } from '../../identity/actor.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { AwardNotFoundError } from './errors.js';
import type { AwardRow } from './records.js';

interface ComplaintRow {
  id: string;
  grounds: string;
  status: string;
  answer: string | null;
  filed_at: Date;
  answered_at: Date | null;
}

/** The latest award of a notice and the complaints about it (complainants are not named). */
export async function publicAward(actor: Actor, noticeId: string) {
  if (!isUuid(noticeId)) return undefined;
  return inTenant(actor.tenant, async (tx) => {
    const award = await tx<AwardRow>('awards').where({ notice_id: noticeId }).orderBy('published_at', 'desc').first();
    if (!award) return undefined;
    const supplier = await tx('suppliers')
      .where({ id: award.supplier_id })
      .first<{ legal_name: Record<string, string>; registration_no: string }>('legal_name', 'registration_no');
    const complaints = await tx('complaints')
      .where({ notice_id: noticeId })
      .orderBy('filed_at')
      .select<ComplaintRow[]>('id', 'grounds', 'status', 'answer', 'filed_at', 'answered_at');
    return {
      id: award.id,
      status: award.status,
      amount: Number(award.amount),
      supplier: { name: supplier.legal_name, registrationNo: supplier.registration_no },
      publishedAt: award.published_at.toISOString(),
      standstillEndsAt: award.standstill_ends_at.toISOString(),
      finalAt: award.final_at?.toISOString() ?? null,
      rules: award.applied_rules,
      complaints: complaints.map((c) => ({
        id: c.id,
        grounds: c.grounds,
        status: c.status,
        answer: c.answer,
        filedAt: c.filed_at.toISOString(),
        answeredAt: c.answered_at?.toISOString() ?? null,
      })),
    };
  });
}

/** The award, or 404 when the notice has none. */
export async function readAward(actor: Actor, noticeId: string) {
  const award = await publicAward(actor, noticeId);
  if (!award) throw new AwardNotFoundError();
  return award;
}
