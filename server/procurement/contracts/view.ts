/**
 * Who may read a contract, and what they see. The parties (the agency's officers, the supplier's
 * users) and auditors see everything, the guarantee included; anyone may read a contract once
 * both parties have signed a version of it (public procurement data), without the guarantee.
 */
import type { Knex } from 'knex';
import { NotFoundError } from '../../http/errors.js';
import { can } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import type { ContractRow, LocalizedText, SignatureRow } from './content.js';
import {
  amendmentsOf,
  contractNotFound,
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

export async function contractDetail(
  tenant: TenantHandle,
  user: SessionUser | undefined,
  id: string,
): Promise<ContractDetail> {
  return inTenant(tenant, async (tx) => {
    const contract = await loadContract(tx, id);
    const signatures = await signaturesOf(tx, contract.id);
    const insider = isInsider(user, contract);
    if (!insider && !concluded(signatures)) throw contractNotFound();
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

/** The JSON the API answers with for one contract. */
export function contractJson(d: ContractDetail) {
  const c = d.contract;
  return {
    id: c.id,
    contractNo: c.contract_no,
    version: c.version,
    status: c.status,
    awardId: c.award_id,
    noticeId: c.notice_id,
    value: Number(c.value),
    currency: c.content.currency,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    contentHash: c.content_hash,
    content: c.content,
    deposit: {
      percent: Number(c.deposit_percent),
      amount: Number(c.deposit_amount),
      rules: c.applied_rules,
      recorded: d.deposit
        ? {
            kind: d.deposit.kind,
            issuer: d.deposit.issuer,
            reference: d.deposit.reference,
            amount: Number(d.deposit.amount),
            validUntil: d.deposit.valid_until,
            recordedAt: d.deposit.recorded_at.toISOString(),
          }
        : null,
    },
    appliedRules: c.applied_rules,
    deliverables: d.deliverables.map((x) => ({
      number: x.number,
      title: x.title,
      amount: Number(x.amount),
      dueOn: x.due_on,
      safetyRelated: x.safety_related,
      status: x.status,
    })),
    signatures: d.signatures.map((s) => ({
      party: s.party,
      version: s.version,
      signerName: s.signer_name,
      signedAt: s.signed_at.toISOString(),
      contentHash: s.content_hash,
      keyId: s.key_id,
      serverSignature: s.server_signature,
    })),
    amendments: d.amendments.map((a) => ({
      number: a.number,
      fromVersion: a.from_version,
      toVersion: a.to_version,
      reason: a.reason,
      issuedAt: a.issued_at.toISOString(),
      endsOn: a.changes.endsOn ?? null,
      value: a.changes.value ?? null,
      deliverables: a.changes.deliverables ?? [],
    })),
    terminatedAt: c.terminated_at?.toISOString() ?? null,
    terminationReason: c.termination_reason,
  };
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

/** The contracts a reader may see, and (for officers) the final awards still without one. */
export async function contractList(
  tenant: TenantHandle,
  user: SessionUser | undefined,
): Promise<{ contracts: ContractListItem[]; awardsReady: ReadyAward[] }> {
  return inTenant(tenant, async (tx) => {
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
export async function awardForContract(tenant: TenantHandle, user: SessionUser, awardId: string) {
  const award = /^[0-9a-f-]{36}$/.test(awardId)
    ? await inTenant(tenant, (tx) =>
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
  if (!award || !can(user, 'notices:manage', award.agency_id))
    throw new NotFoundError('award_not_found', 'contracts:award_not_found');
  return award;
}
