/**
 * Contracts from final awards: the officer of the notice's agency generates the contract (parties,
 * deliverables adding up to the award amount, dates, the deposit the rules ask), and the winner
 * records its contract deposit. Signing is in signing.ts, amendments and termination in changes.ts.
 */
import type { Knex } from 'knex';
import type { FieldDetail } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';
import { formatMoney } from '../../i18n/format.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { contractDeposit } from '../../regulations/deposits.js';
import { localDate } from '../../regulations/lookup.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { contentHash, textIn, type ContractContent, type ContractRow, type LocalizedText } from './content.js';
import { AwardNotFinalError, AwardNotFoundError, ContractExistsError } from './errors.js';
import { assertOpen, languageFor, loadContract, mailSupplier } from './records.js';
import type { DepositInput, GenerateInput } from './schema.js';

export function moneyText(tenant: TenantHandle, lng: string, amount: number | string): string {
  const c = tenant.config;
  return formatMoney(amount, c.currency, languageFor(tenant, lng), c.numberingSystem);
}

/** "contract deposit 10 % — rule contract-deposit v1": how pages and mail name the deposit rule. */
export const depositRule = (rules: string[]) => rules.find((r) => r.startsWith('contract-deposit')) ?? '';

interface AwardFacts {
  id: string;
  status: string;
  amount: string;
  supplier_id: string;
  notice_id: string;
  notice_no: string | null;
  notice_title: LocalizedText;
  agency_id: string;
  agency_code: string;
  agency_name: LocalizedText;
  legal_name: LocalizedText;
  registration_no: string;
}

/** Deliverables must fall within the term and add up to the contract value, field by field. */
export function deliverableProblems(
  tenant: TenantHandle,
  lng: string,
  term: { startsOn: string; endsOn: string; value: number },
  deliverables: { amount: number; dueOn: string }[],
  sumField: string,
): FieldDetail[] {
  const problems: FieldDetail[] = [];
  if (term.endsOn < term.startsOn) problems.push({ field: 'endsOn', key: 'contracts:ends_before_start' });
  deliverables.forEach((d, i) => {
    if (d.dueOn < term.startsOn || d.dueOn > term.endsOn)
      problems.push({
        field: `deliverables.${i}.dueOn`,
        key: 'contracts:due_outside_term',
        params: { start: term.startsOn, end: term.endsOn },
      });
  });
  const sum = deliverables.reduce((s, d) => s + d.amount, 0);
  if (sum !== term.value)
    problems.push({
      field: sumField,
      key: 'contracts:amounts_must_add_up',
      params: { sum: moneyText(tenant, lng, sum), value: moneyText(tenant, lng, term.value) },
    });
  return problems;
}

/** The award, locked, with the parties' names; only a final award without a contract will do. */
async function finalAward(tx: Knex.Transaction, awardId: string): Promise<AwardFacts> {
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

/** What stands in the way of a deposit: too little for the rule, or not valid to the end of the term. */
function depositProblems(tenant: TenantHandle, lng: string, contract: ContractRow, input: DepositInput): FieldDetail[] {
  const problems: FieldDetail[] = [];
  const required = Number(contract.deposit_amount);
  if (input.amount < required)
    problems.push({
      field: 'amount',
      key: 'contracts:deposit_too_low',
      params: {
        required: moneyText(tenant, lng, required),
        percent: Number(contract.deposit_percent),
        rule: depositRule(contract.applied_rules),
      },
    });
  if (input.kind !== 'cash' && !input.validUntil)
    problems.push({ field: 'validUntil', key: 'contracts:valid_until_needed' });
  if (input.validUntil && input.validUntil < contract.ends_on)
    problems.push({ field: 'validUntil', key: 'contracts:deposit_expires_early', params: { end: contract.ends_on } });
  return problems;
}

export function contractsService(services: Pick<Deps, 'audit' | 'mailer'>) {
  return {
    /** The contract of a final award, by the officer of the notice's agency. */
    async generate(actor: Actor, input: GenerateInput): Promise<{ id: string; contractNo: string }> {
      const { tenant, audit } = actor;
      const user = actor.user;
      assertCan(user, 'notices:manage');
      const lng = audit.locale ?? tenant.config.locales.default;
      return inTenant(tenant, async (tx) => {
        const award = await finalAward(tx, input.awardId);
        assertCan(user, 'notices:manage', award.agency_id);
        if (award.status !== 'final') throw new AwardNotFinalError(award.status);
        if (await tx('contracts').where({ award_id: award.id }).first('id')) throw new ContractExistsError();
        const value = Number(award.amount);
        const term = { startsOn: input.startsOn, endsOn: input.endsOn, value };
        const problems = deliverableProblems(tenant, lng, term, input.deliverables, 'deliverables');
        if (problems.length > 0) throw new ValidationError(problems);

        const at = await now(tx);
        const deposit = contractDeposit(tenant.config, at, value);
        const serial = await tx.raw<{ rows: { n: string }[] }>(`select nextval('contract_serial') as n`);
        const contractNo = `C${localDate(at, tenant.config.timeZone).slice(2, 4)}-${serial.rows[0]!.n.padStart(6, '0')}`;
        const content = firstContent(tenant, contractNo, award, input, {
          percent: deposit.percent,
          amount: deposit.amount,
          rules: deposit.rules,
        });
        const id = await insertContract(tx, award, content, user.id);
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
      });
    },

    /** The winner's guarantee: at least the deposit the rule asks, valid to the end of the term. */
    async recordDeposit(actor: Actor, contractId: string, input: DepositInput): Promise<{ id: string }> {
      const { tenant, audit } = actor;
      const lng = audit.locale ?? tenant.config.locales.default;
      return inTenant(tenant, async (tx) => {
        const contract = await loadContract(tx, contractId, { lock: true });
        const user = actor.user;
        assertCan(user, 'contracts:sign-own', contract.supplier_id);
        assertOpen(contract);
        const problems = depositProblems(tenant, lng, contract, input);
        if (problems.length > 0) throw new ValidationError(problems);
        const [row] = await tx('contract_deposits')
          .insert({
            contract_id: contract.id,
            kind: input.kind,
            issuer: input.issuer,
            reference: input.reference,
            amount: input.amount,
            valid_until: input.validUntil ?? null,
            recorded_by: user.id,
          })
          .returning<{ id: string }[]>('id');
        await services.audit.record(tx, tenant, audit, {
          action: 'contract.deposit-recorded',
          target: { type: 'contract', id: contract.id },
          summary: {
            kind: input.kind,
            amount: input.amount,
            required: Number(contract.deposit_amount),
            validUntil: input.validUntil ?? null,
          },
        });
        return { id: row!.id };
      });
    },
  };
}
