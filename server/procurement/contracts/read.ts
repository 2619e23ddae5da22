/**
 * Who may read a contract, and what they see. The parties (the agency's officers, the supplier's
 * users) and auditors see everything, the guarantee included; anyone may read a contract once
 * both parties have signed a version of it (public procurement data), without the guarantee.
 */
import type { Knex } from 'knex';
import { isUuid } from '../../http/params.js';
import type { Actor } from '../../identity/actor.js';
import { can } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { ContractRow, LocalizedText, SignatureRow } from './content.js';
import { AwardNotFoundError, ContractNotFoundError } from './errors.js';
import {
  amendmentsOf,
  deliverablesOf,
  latestDeposit,
  loadContract,
  signaturesOf,
  type AmendmentRow,
  type DeliverableRow,
  type DepositRow,
} from './records.js';
import { partyOf, type Party } from './signing.js';

export interface ContractDetail {
  contract: ContractRow;
  deliverables: DeliverableRow[];
  deposit: DepositRow | undefined;
  signatures: SignatureRow[];
  amendments: AmendmentRow[];
  /** The side the reader signs for, if any. */
  party: Party | undefined;
  /** Party or auditor: sees the guarantee and the full record. */
  insider: boolean;
}

function isInsider(user: SessionUser | undefined, c: ContractRow): boolean {
  return (
    can(user, 'notices:manage', c.agency_id) ||
    can(user, 'supplier:read-own', c.supplier_id) ||
    can(user, 'contracts:verify')
  );
}

/** Some version carries both signatures: the contract was concluded and is public. */
function concluded(signatures: SignatureRow[]): boolean {
  const parties = new Map<number, Set<string>>();
  for (const s of signatures) parties.set(s.version, (parties.get(s.version) ?? new Set()).add(s.party));
  return [...parties.values()].some((p) => p.size === 2);
}

/** One contract as the actor may read it; one they may not read is not found. */
export async function contractDetail(actor: Actor, id: string): Promise<ContractDetail> {
  const user = actor.user;
  return inTenant(actor.tenant, async (tx) => {
    const contract = await loadContract(tx, id);
    const signatures = await signaturesOf(tx, contract.id);
    const insider = isInsider(user, contract);
    if (!insider && !concluded(signatures)) throw new ContractNotFoundError();
    return {
      contract,
      deliverables: await deliverablesOf(tx, contract.id),
      deposit: insider ? await latestDeposit(tx, contract.id) : undefined,
      signatures,
      amendments: await amendmentsOf(tx, contract.id),
      party: partyOf(user, contract),
      insider,
    };
  });
}

export interface ContractListItem {
  id: string;
  contract_no: string;
  status: string;
  version: number;
  value: string;
  title: LocalizedText;
  supplier: LocalizedText;
}

export interface ReadyAward {
  id: string;
  amount: string;
  notice_no: string | null;
  title: LocalizedText;
  supplier: LocalizedText;
}

export interface ContractList {
  contracts: ContractListItem[];
  awardsReady: ReadyAward[];
}

/** The contracts a reader may see, and (for officers) the final awards still without one. */
export async function contractList(actor: Actor): Promise<ContractList> {
  const user = actor.user;
  return inTenant(actor.tenant, async (tx) => {
    const q = tx('contracts as c')
      .join('notices as n', 'n.id', 'c.notice_id')
      .join('suppliers as s', 's.id', 'c.supplier_id')
      .orderBy('c.created_at', 'desc')
      .limit(200)
      .select<ContractListItem[]>(
        'c.id',
        'c.contract_no',
        'c.status',
        'c.version',
        'c.value',
        'n.title',
        's.legal_name as supplier',
      );
    if (!can(user, 'contracts:verify')) {
      q.where((w: Knex.QueryBuilder) => {
        w.whereExists(function (this: Knex.QueryBuilder) {
          this.select(tx.raw('1'))
            .from('contract_signatures as x')
            .whereRaw('x.contract_id = c.id')
            .groupBy('x.version')
            .havingRaw('count(distinct x.party) = 2');
        });
        if (user?.agencyId && can(user, 'notices:manage')) w.orWhere('c.agency_id', user.agencyId);
        if (user?.supplierId && can(user, 'supplier:read-own')) w.orWhere('c.supplier_id', user.supplierId);
      });
    }
    const awardsReady =
      user?.agencyId && can(user, 'notices:manage')
        ? await tx('awards as a')
            .join('notices as n', 'n.id', 'a.notice_id')
            .join('suppliers as s', 's.id', 'a.supplier_id')
            .where({ 'a.status': 'final', 'n.agency_id': user.agencyId })
            .whereNotExists(tx('contracts').select(tx.raw('1')).whereRaw('contracts.award_id = a.id'))
            .orderBy('a.final_at', 'desc')
            .select<ReadyAward[]>('a.id', 'a.amount', 'n.notice_no', 'n.title', 's.legal_name as supplier')
        : [];
    return { contracts: await q, awardsReady };
  });
}

/** An award an officer may turn into a contract, for the generate form. */
export async function awardForContract(actor: Actor, awardId: string) {
  const award = isUuid(awardId)
    ? await inTenant(actor.tenant, (tx) =>
        tx('awards as a')
          .join('notices as n', 'n.id', 'a.notice_id')
          .join('suppliers as s', 's.id', 'a.supplier_id')
          .where('a.id', awardId)
          .first<(ReadyAward & { status: string; agency_id: string; registration_no: string }) | undefined>(
            'a.id',
            'a.amount',
            'a.status',
            'n.agency_id',
            'n.notice_no',
            'n.title',
            's.legal_name as supplier',
            's.registration_no',
          ),
      )
    : undefined;
  if (!award || !can(actor.user, 'notices:manage', award.agency_id)) throw new AwardNotFoundError();
  return award;
}
