/**
 * Contracts from final awards: the officer of the notice's agency generates the contract (parties,
 * deliverables adding up to the award amount, dates, the deposit the rules ask), and the winner
 * records its contract deposit. Signing is in signing.ts, amendments and termination in changes.ts.
 */
import type { RequestDeps } from '../../approvals/approval.js';
import { assertNothingPending, sendForCheck, type AwaitingCheck } from '../../approvals/mutual-checks.js';
import type { FieldDetail } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { directContractFacts, directContractKind } from './check-kinds.js';
import type { ContractRow } from './content.js';
import { assertGeneratable, finalAward, generateNow } from './generation.js';
import { assertOpen, loadContract } from './records.js';
import type { DepositInput, GenerateInput } from './schema.js';
import { depositRule, moneyText } from './terms.js';

export { deliverableProblems, depositRule, moneyText } from './terms.js';

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

export function contractsService(services: Pick<Deps, 'audit' | 'mailer'> & RequestDeps) {
  return {
    /**
     * The contract of a final award, by the officer of the notice's agency. A direct contract
     * waits for a second officer of the agency where the tenant's rules ask for a mutual check.
     */
    async generate(actor: Actor, input: GenerateInput): Promise<{ id: string; contractNo: string } | AwaitingCheck> {
      const { tenant, audit } = actor;
      const user = actor.user;
      assertCan(user, 'notices:manage');
      const lng = audit.locale ?? tenant.config.locales.default;
      return inTenant(tenant, async (tx) => {
        const award = await finalAward(tx, input.awardId);
        assertCan(user, 'notices:manage', award.agency_id);
        await assertNothingPending(tx, { targetType: 'notice', targetId: award.notice_id });
        await assertGeneratable(tx, tenant, lng, award, input);
        const check =
          award.method === 'direct'
            ? await sendForCheck(tx, services, actor, {
                action: 'direct-contract',
                kind: directContractKind,
                targetType: 'notice',
                targetId: award.notice_id,
                agencyId: award.agency_id,
                summary: directContractFacts(award, input),
                at: await now(tx),
              })
            : null;
        return check ?? generateNow(tx, services, { tenant, audit, lng, userId: user.id }, award, input);
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
