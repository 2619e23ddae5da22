/**
 * The companies a review committee member must have no relation to. Before a notice there are no
 * bidders yet: the companies that registered for a briefing on the notice or on its plan entry
 * (server/briefings/) stand for them; once the tender runs, its current bidders are added
 * (server/conflicts/seat-check.ts). Each company once, with its owners and directors.
 */
import type { Knex } from 'knex';
import type { Company } from '../conflicts/matching.js';
import { companiesWithPeople } from '../conflicts/people.js';
import { biddingCompanies } from '../conflicts/seat-check.js';

/** The companies registered for a briefing on the notice or its plan entry. */
async function briefingCompanies(
  tx: Knex.Transaction,
  notice: { id: string; plan_entry_id: string | null },
): Promise<Company[]> {
  const rows = await tx('briefing_registrations as r')
    .join('briefings as b', 'b.id', 'r.briefing_id')
    .join('suppliers as s', 's.id', 'r.supplier_id')
    .where((q) => {
      q.where('b.notice_id', notice.id);
      if (notice.plan_entry_id) q.orWhere('b.plan_entry_id', notice.plan_entry_id);
    })
    .distinct('s.id', 's.legal_name', 's.registration_no')
    .select<{ id: string; legal_name: Record<string, string>; registration_no: string }[]>();
  return companiesWithPeople(tx, rows);
}

/** Briefing registrants and current bidders of the notice, each company once. */
export async function companiesTakingPart(
  tx: Knex.Transaction,
  notice: { id: string; plan_entry_id: string | null },
): Promise<Company[]> {
  const all = [...(await briefingCompanies(tx, notice)), ...(await biddingCompanies(tx, notice.id))];
  return [...new Map(all.map((c) => [c.supplierId, c])).values()];
}
