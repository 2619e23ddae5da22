/**
 * Generating the contract of a final award, once it is decided that it happens: by the officer at
 * once, or, for a direct contract under a mutual check, by the second officer who approves it
 * (checked-contract.ts). The number, the deposit rule and the hash are those of that moment.
 */
import type { Knex } from 'knex';
import type { CheckedBy } from '../../approvals/mutual-checks.js';
import type { AuditContext } from '../../audit/trail.js';
import type { Deps } from '../../deps.js';
import { ValidationError } from '../../http/validate.js';
import { contractDeposit } from '../../regulations/deposits.js';
import { localDate } from '../../regulations/lookup.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { contentHash, textIn, type ContractContent, type LocalizedText } from './content.js';
import { AwardNotFinalError, AwardNotFoundError, ContractExistsError } from './errors.js';
import { mailSupplier } from './records.js';
import type { GenerateInput } from './schema.js';
import { deliverableProblems, depositRule, moneyText } from './terms.js';

export interface AwardFacts {
  id: string;
  status: string;
  amount: string;
  supplier_id: string;
  notice_id: string;
  notice_no: string | null;
  notice_title: LocalizedText;
  agency_id: string;
  method: string;
  agency_code: string;
  agency_name: LocalizedText;
  legal_name: LocalizedText;
  registration_no: string;
}

/** The award, locked, with the parties' names; only a final award without a contract will do. */
export async function finalAward(tx: Knex.Transaction, awardId: string): Promise<AwardFacts> {
  const award = await tx('awards as a')
    .join('notices as n', 'n.id', 'a.notice_id')
    .join('agencies as g', 'g.id', 'n.agency_id')
    .join('suppliers as s', 's.id', 'a.supplier_id')
    .where('a.id', awardId)
    .forUpdate('a')
    .first<AwardFacts | undefined>(
      'a.id',
      'a.status',
      'a.amount',
      'a.supplier_id',
      'a.notice_id',
      'n.notice_no',
      'n.title as notice_title',
      'n.agency_id',
      'n.method',
      'g.code as agency_code',
      'g.name as agency_name',
      's.legal_name',
      's.registration_no',
    );
  if (!award) throw new AwardNotFoundError();
  return award;
}

/** The contract document of version 1: parties, term, deliverables numbered in order, the deposit. */
function firstContent(
  tenant: TenantHandle,
  contractNo: string,
  award: AwardFacts,
  input: GenerateInput,
  deposit: ContractContent['deposit'],
): ContractContent {
  const value = Number(award.amount);
  return {
    contractNo,
    version: 1,
    currency: tenant.config.currency,
    notice: { id: award.notice_id, noticeNo: award.notice_no, title: award.notice_title },
    award: { id: award.id, amount: value },
    parties: {
      agency: { id: award.agency_id, code: award.agency_code, name: award.agency_name },
      supplier: { id: award.supplier_id, legalName: award.legal_name, registrationNo: award.registration_no },
    },
    value,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    deliverables: input.deliverables.map((d, i) => ({ number: i + 1, ...d })),
    deposit,
    amendments: [],
  };
}

/** Stores the contract and its deliverables; gives the new contract's id. */
async function insertContract(
  tx: Knex.Transaction,
  award: AwardFacts,
  content: ContractContent,
  createdBy: string,
): Promise<string> {
  const [row] = await tx('contracts')
    .insert({
      contract_no: content.contractNo,
      award_id: award.id,
      notice_id: award.notice_id,
      supplier_id: award.supplier_id,
      agency_id: award.agency_id,
      value: content.value,
      starts_on: content.startsOn,
      ends_on: content.endsOn,
      content: JSON.stringify(content),
      content_hash: contentHash(content),
      deposit_percent: content.deposit.percent,
      deposit_amount: content.deposit.amount,
      applied_rules: content.deposit.rules,
      created_by: createdBy,
    })
    .returning<{ id: string }[]>('id');
  const id = row!.id;
  await tx('deliverables').insert(
    content.deliverables.map((d) => ({
      contract_id: id,
      number: d.number,
      title: d.title,
      amount: d.amount,
      due_on: d.dueOn,
      safety_related: d.safetyRelated,
    })),
  );
  return id;
}

/** A final award without a contract, and deliverables that fit its term and value. */
export async function assertGeneratable(
  tx: Knex.Transaction,
  tenant: TenantHandle,
  lng: string,
  award: AwardFacts,
  input: GenerateInput,
): Promise<void> {
  if (award.status !== 'final') throw new AwardNotFinalError(award.status);
  if (await tx('contracts').where({ award_id: award.id }).first('id')) throw new ContractExistsError();
  const term = { startsOn: input.startsOn, endsOn: input.endsOn, value: Number(award.amount) };
  const problems = deliverableProblems(tenant, lng, term, input.deliverables, 'deliverables');
  if (problems.length > 0) throw new ValidationError(problems);
}

/** Who generates, as the audit trail names them, in which tenant, and the language of the refusals. */
export interface ContractDoer {
  tenant: TenantHandle;
  audit: AuditContext;
  lng: string;
  /** The user who generates (the checker, for an approved request). */
  userId: string;
}

/** Generates the contract now; the winner is told. */
export async function generateNow(
  tx: Knex.Transaction,
  services: Pick<Deps, 'audit' | 'mailer'>,
  doer: ContractDoer,
  award: AwardFacts,
  input: GenerateInput,
  checked?: CheckedBy,
): Promise<{ id: string; contractNo: string }> {
  const { tenant, audit, lng } = doer;
  await assertGeneratable(tx, tenant, lng, award, input);
  const value = Number(award.amount);
  const at = await now(tx);
  const deposit = contractDeposit(tenant.config, at, value);
  const serial = await tx.raw<{ rows: { n: string }[] }>(`select nextval('contract_serial') as n`);
  const contractNo = `C${localDate(at, tenant.config.timeZone).slice(2, 4)}-${serial.rows[0]!.n.padStart(6, '0')}`;
  const content = firstContent(tenant, contractNo, award, input, {
    percent: deposit.percent,
    amount: deposit.amount,
    rules: deposit.rules,
  });
  const id = await insertContract(tx, award, content, doer.userId);
  await services.audit.record(tx, tenant, audit, {
    action: 'contract.generated',
    target: { type: 'contract', id },
    summary: {
      contractNo,
      award: award.id,
      value,
      contentHash: contentHash(content),
      depositPercent: deposit.percent,
      depositAmount: deposit.amount,
      rules: deposit.rules,
      ...(checked ? { checked } : {}),
    },
    at,
  });
  await mailSupplier(services, tx, tenant, award.supplier_id, 'contract_generated', (to) => ({
    contract: contractNo,
    notice: award.notice_no ?? '',
    title: textIn(award.notice_title, to, tenant.config.locales.default),
    deposit: moneyText(tenant, to, deposit.amount),
    percent: deposit.percent,
    rule: depositRule(deposit.rules),
  }));
  return { id, contractNo };
}
