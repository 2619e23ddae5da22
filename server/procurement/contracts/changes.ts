/**
 * Amendments and termination, by the officer of the contract's agency. An amendment (end date,
 * deliverable due dates and amounts, value; always with a reason) makes a new version with a new
 * content hash, which both parties sign again; the content it replaced is kept with it, so the
 * earlier signatures can still be verified. Termination ends the contract, with a reason.
 */
import type { AuditContext } from '../../audit/trail.js';
import type { FieldDetail } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';
import { assertCan } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import { percentOf } from '../../regulations/deposits.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { contentHash, type ContractContent } from './content.js';
import {
  amendmentsOf,
  assertOpen,
  deliverablesOf,
  loadContract,
  mailSupplier,
  type AmendmentChanges,
} from './records.js';
import type { AmendInput } from './schema.js';
import { deliverableProblems, moneyText } from './service.js';

export function contractChanges(services: Pick<Deps, 'audit' | 'mailer'>) {
  return {
    async amend(
      tenant: TenantHandle,
      user: SessionUser,
      context: AuditContext,
      contractId: string,
      input: AmendInput,
    ): Promise<{ number: number; version: number; contentHash: string }> {
      const lng = context.locale ?? tenant.config.locales.default;
      return inTenant(tenant, async (tx) => {
        const contract = await loadContract(tx, contractId, { lock: true });
        assertCan(user, 'notices:manage', contract.agency_id);
        assertOpen(contract);
        const before = contract.content;
        const rows = await deliverablesOf(tx, contract.id);
        const problems: FieldDetail[] = [];
        const next = before.deliverables.map((d) => ({ ...d }));
        const changes: AmendmentChanges = {
          previousContentHash: contract.content_hash,
          previousContent: before,
          deliverables: [],
        };
        (input.deliverables ?? []).forEach((change, i) => {
          const target = next.find((d) => d.number === change.number);
          if (!target)
            return problems.push({ field: `deliverables.${i}.number`, key: 'contracts:deliverable_unknown' });
          const entry: NonNullable<AmendmentChanges['deliverables']>[number] = { number: change.number };
          if (change.dueOn !== undefined && change.dueOn !== target.dueOn) {
            entry.dueOn = { from: target.dueOn, to: change.dueOn };
            target.dueOn = change.dueOn;
          }
          if (change.amount !== undefined && change.amount !== target.amount) {
            entry.amount = { from: target.amount, to: change.amount };
            target.amount = change.amount;
          }
          if (entry.dueOn || entry.amount) changes.deliverables!.push(entry);
        });
        const endsOn = input.endsOn ?? before.endsOn;
        const value = input.value ?? before.value;
        if (endsOn !== before.endsOn) changes.endsOn = { from: before.endsOn, to: endsOn };
        if (value !== before.value) changes.value = { from: before.value, to: value };
        if (changes.deliverables!.length === 0) delete changes.deliverables;
        problems.push(
          ...deliverableProblems(tenant, lng, { startsOn: before.startsOn, endsOn, value }, next, 'value').map((p) => {
            // A due date out of the term: against the line the officer sent, else the new end date.
            const at = /^deliverables\.(\d+)\./.exec(p.field);
            if (!at) return p;
            const line = (input.deliverables ?? []).findIndex((c) => c.number === next[Number(at[1])]!.number);
            return { ...p, field: line >= 0 ? `deliverables.${line}.dueOn` : 'endsOn' };
          }),
        );
        if (problems.length > 0) throw new ValidationError(problems);
        if (!changes.endsOn && !changes.value && !changes.deliverables)
          throw new ValidationError([{ field: 'reason', key: 'contracts:amendment_empty' }]);

        const number = (await amendmentsOf(tx, contract.id)).length + 1;
        const depositAmount = percentOf(value, Number(contract.deposit_percent));
        const content: ContractContent = {
          ...before,
          version: contract.version + 1,
          value,
          endsOn,
          deliverables: next,
          deposit: { ...before.deposit, amount: depositAmount },
          amendments: [...before.amendments, { number, reason: input.reason }],
        };
        const hash = contentHash(content);
        await tx('contract_amendments').insert({
          contract_id: contract.id,
          number,
          from_version: contract.version,
          to_version: content.version,
          reason: input.reason,
          changes: JSON.stringify(changes),
          issued_by: user.id,
        });
        await tx('contracts')
          .where({ id: contract.id })
          .update({
            version: content.version,
            value,
            ends_on: endsOn,
            content: JSON.stringify(content),
            content_hash: hash,
            deposit_amount: depositAmount,
            status: 'awaiting-signatures',
          });
        for (const d of next) {
          const row = rows.find((r) => r.number === d.number);
          if (row && (row.due_on !== d.dueOn || Number(row.amount) !== d.amount))
            await tx('deliverables').where({ id: row.id }).update({ due_on: d.dueOn, amount: d.amount });
        }
        await services.audit.record(tx, tenant, context, {
          action: 'contract.amended',
          target: { type: 'contract', id: contract.id },
          summary: {
            number,
            version: content.version,
            contentHash: hash,
            reason: input.reason,
            endsOn: changes.endsOn ?? null,
            value: changes.value ?? null,
            deliverables: changes.deliverables ?? [],
          },
        });
        await mailSupplier(services, tx, tenant, contract.supplier_id, 'contract_amended', (to) => ({
          contract: contract.contract_no,
          number,
          reason: input.reason,
          value: moneyText(tenant, to, value),
          end: endsOn,
        }));
        return { number, version: content.version, contentHash: hash };
      });
    },

    async terminate(
      tenant: TenantHandle,
      user: SessionUser,
      context: AuditContext,
      contractId: string,
      reason: string,
    ): Promise<void> {
      await inTenant(tenant, async (tx) => {
        const contract = await loadContract(tx, contractId, { lock: true });
        assertCan(user, 'notices:manage', contract.agency_id);
        assertOpen(contract);
        await tx('contracts')
          .where({ id: contract.id })
          .update({ status: 'terminated', terminated_at: tx.raw('app_now()'), termination_reason: reason });
        await services.audit.record(tx, tenant, context, {
          action: 'contract.terminated',
          target: { type: 'contract', id: contract.id },
          summary: { contractNo: contract.contract_no, from: contract.status, reason },
        });
        await mailSupplier(services, tx, tenant, contract.supplier_id, 'contract_terminated', () => ({
          contract: contract.contract_no,
          reason,
        }));
      });
    },
  };
}
