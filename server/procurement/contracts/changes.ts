/**
 * Amendments and termination, by the officer of the contract's agency. An amendment (end date,
 * deliverable due dates and amounts, value; always with a reason) makes a new version with a new
 * content hash, which both parties sign again; the content it replaced is kept with it, so the
 * earlier signatures can still be verified. Termination ends the contract, with a reason.
 */
import type { Knex } from 'knex';
import type { FieldDetail } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { percentOf } from '../../regulations/deposits.js';
import type { Deps } from '../../deps.js';
import { integrityFlagsRequest } from '../../integrity/flags-request.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { contentHash, type ContractContent, type ContractRow } from './content.js';
import {
  amendmentsOf,
  assertOpen,
  deliverablesOf,
  loadContract,
  mailSupplier,
  type AmendmentChanges,
  type DeliverableRow,
} from './records.js';
import type { AmendInput, TerminateInput } from './schema.js';
import { deliverableProblems, moneyText } from './terms.js';

type Deliverables = ContractContent['deliverables'];

/** The deliverables after the officer's changes, what changed (for the record) and unknown lines. */
function changedDeliverables(before: ContractContent, input: AmendInput) {
  const problems: FieldDetail[] = [];
  const next: Deliverables = before.deliverables.map((d) => ({ ...d }));
  const changed: NonNullable<AmendmentChanges['deliverables']> = [];
  (input.deliverables ?? []).forEach((change, i) => {
    const target = next.find((d) => d.number === change.number);
    if (!target) return problems.push({ field: `deliverables.${i}.number`, key: 'contracts:deliverable_unknown' });
    const entry: (typeof changed)[number] = { number: change.number };
    if (change.dueOn !== undefined && change.dueOn !== target.dueOn) {
      entry.dueOn = { from: target.dueOn, to: change.dueOn };
      target.dueOn = change.dueOn;
    }
    if (change.amount !== undefined && change.amount !== target.amount) {
      entry.amount = { from: target.amount, to: change.amount };
      target.amount = change.amount;
    }
    if (entry.dueOn || entry.amount) changed.push(entry);
  });
  return { next, changed, problems };
}

/** The amended terms, what changed, and the problems, field by field as the officer sent them. */
function amendment(actor: Actor, contract: ContractRow, input: AmendInput) {
  const before = contract.content;
  const lng = actor.audit.locale ?? actor.tenant.config.locales.default;
  const { next, changed, problems } = changedDeliverables(before, input);
  const changes: AmendmentChanges = { previousContentHash: contract.content_hash, previousContent: before };
  if (changed.length > 0) changes.deliverables = changed;
  const endsOn = input.endsOn ?? before.endsOn;
  const value = input.value ?? before.value;
  if (endsOn !== before.endsOn) changes.endsOn = { from: before.endsOn, to: endsOn };
  if (value !== before.value) changes.value = { from: before.value, to: value };
  const term = { startsOn: before.startsOn, endsOn, value };
  problems.push(
    ...deliverableProblems(actor.tenant, lng, term, next, 'value').map((p) => {
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
  return { next, changes, endsOn, value };
}

/** Stores the new version: the amendment, the contract's new content and the changed deliverables. */
async function storeVersion(
  tx: Knex.Transaction,
  contract: ContractRow,
  rows: DeliverableRow[],
  content: ContractContent,
  record: { number: number; reason: string; changes: AmendmentChanges; issuedBy: string },
): Promise<string> {
  const hash = contentHash(content);
  await tx('contract_amendments').insert({
    contract_id: contract.id,
    number: record.number,
    from_version: contract.version,
    to_version: content.version,
    reason: record.reason,
    changes: JSON.stringify(record.changes),
    issued_by: record.issuedBy,
  });
  await tx('contracts')
    .where({ id: contract.id })
    .update({
      version: content.version,
      value: content.value,
      ends_on: content.endsOn,
      content: JSON.stringify(content),
      content_hash: hash,
      deposit_amount: content.deposit.amount,
      status: 'awaiting-signatures',
    });
  for (const d of content.deliverables) {
    const row = rows.find((r) => r.number === d.number);
    if (row && (row.due_on !== d.dueOn || Number(row.amount) !== d.amount))
      await tx('deliverables').where({ id: row.id }).update({ due_on: d.dueOn, amount: d.amount });
  }
  return hash;
}

export function contractChanges(services: Pick<Deps, 'audit' | 'mailer' | 'relay'>) {
  return {
    async amend(
      actor: Actor,
      contractId: string,
      input: AmendInput,
    ): Promise<{ number: number; version: number; contentHash: string }> {
      const { tenant, audit } = actor;
      return inTenant(tenant, async (tx) => {
        const contract = await loadContract(tx, contractId, { lock: true });
        const user = actor.user;
        assertCan(user, 'notices:manage', contract.agency_id);
        assertOpen(contract);
        const before = contract.content;
        const rows = await deliverablesOf(tx, contract.id);
        const { next, changes, endsOn, value } = amendment(actor, contract, input);
        const number = (await amendmentsOf(tx, contract.id)).length + 1;
        const content: ContractContent = {
          ...before,
          version: contract.version + 1,
          value,
          endsOn,
          deliverables: next,
          deposit: { ...before.deposit, amount: percentOf(value, Number(contract.deposit_percent)) },
          amendments: [...before.amendments, { number, reason: input.reason }],
        };
        const hash = await storeVersion(tx, contract, rows, content, {
          number,
          reason: input.reason,
          changes,
          issuedBy: user.id,
        });
        await services.audit.record(tx, tenant, audit, {
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
        // A value raised past the red-flag threshold is flagged now, not at the nightly run.
        await services.relay.enqueue(
          tx,
          tenant,
          integrityFlagsRequest(tenant, contract.notice_id, `amended-${number}`),
        );
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

    async terminate(actor: Actor, contractId: string, { reason }: TerminateInput): Promise<void> {
      const { tenant, audit } = actor;
      await inTenant(tenant, async (tx) => {
        const contract = await loadContract(tx, contractId, { lock: true });
        assertCan(actor.user, 'notices:manage', contract.agency_id);
        assertOpen(contract);
        await tx('contracts')
          .where({ id: contract.id })
          .update({ status: 'terminated', terminated_at: tx.raw('app_now()'), termination_reason: reason });
        await services.audit.record(tx, tenant, audit, {
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
