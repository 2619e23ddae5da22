/**
 * An active contract on top of the final-award fixture, written straight into the tables (the
 * contracts feature generates and signs real ones), with its deliverables, for tests of delivery,
 * inspection, invoices and payments. The demo supplier (supplier@<slug>.demo) is the contractor.
 */
import { createHash } from 'node:crypto';
import { issueApiToken } from '../../server/identity/api-tokens.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { finalAward, type FinalAward } from './award-fixture.js';
import type { Bidder } from './bidders.js';
import type { TenderWorld } from './tender.js';

export interface DeliverableSpec {
  title: string;
  amount: number;
  safetyRelated?: boolean;
  dueOn?: string;
}

export interface ActiveContract {
  award: FinalAward;
  contractId: string;
  contractNo: string;
  value: number;
  deliverables: { id: string; number: number; amount: number; safetyRelated: boolean }[];
  /** The demo supplier's user, with a bearer token (pass it to world.setClock to renew it). */
  supplier: Bidder;
}

/** The world's clock must stand before the award fixture's deadline; it ends on 2026-09-25. */
export async function activeContract(
  world: TenderWorld,
  deliverables: DeliverableSpec[],
  value = 88_000_000,
): Promise<ActiveContract> {
  const award = await finalAward(world, value);
  return inTenant(world.tenant, async (tx) => {
    const notice = await tx('notices').where({ id: award.noticeId }).first<{ agency_id: string }>('agency_id');
    const officer = await tx('users')
      .where({ email: `officer@${world.slug}.demo` })
      .first<{ id: string }>('id');
    const user = await tx('users')
      .where({ email: `supplier@${world.slug}.demo` })
      .first<{ id: string; email: string }>('id', 'email');
    const content = { award: award.awardId, value, deliverables };
    const contractNo = `C26-${award.awardId.slice(0, 8).toUpperCase()}`;
    const [contract] = await tx('contracts')
      .insert({
        contract_no: contractNo,
        award_id: award.awardId,
        notice_id: award.noticeId,
        supplier_id: award.supplierId,
        agency_id: notice.agency_id,
        value,
        starts_on: '2026-09-25',
        ends_on: '2026-12-31',
        content: JSON.stringify(content),
        content_hash: createHash('sha256').update(JSON.stringify(content)).digest('hex'),
        status: 'active',
        deposit_percent: 10,
        deposit_amount: Math.ceil(value / 10),
        applied_rules: ['contract-deposit v1'],
        created_by: officer.id,
      })
      .returning<{ id: string }[]>('id');
    const rows = await tx('deliverables')
      .insert(
        deliverables.map((d, i) => ({
          contract_id: contract!.id,
          number: i + 1,
          title: d.title,
          amount: d.amount,
          due_on: d.dueOn ?? '2026-11-30',
          safety_related: d.safetyRelated ?? false,
        })),
      )
      .returning<{ id: string; number: number; amount: string; safety_related: boolean }[]>([
        'id',
        'number',
        'amount',
        'safety_related',
      ]);
    return {
      award,
      contractId: contract!.id,
      contractNo,
      value,
      deliverables: rows
        .sort((a, b) => a.number - b.number)
        .map((r) => ({ id: r.id, number: r.number, amount: Number(r.amount), safetyRelated: r.safety_related })),
      supplier: {
        supplierId: award.supplierId,
        userId: user.id,
        email: user.email,
        registrationNo: 'DEMO-0001',
        auth: { Authorization: `Bearer ${(await issueApiToken(tx, user.id)).token}` },
      },
    };
  });
}
