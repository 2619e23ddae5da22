/**
 * Delivery and inspection of a contract's deliverables. The supplier records a delivery (attempt
 * 1, 2, …; another attempt only after a rejection); an officer of the buying agency inspects it:
 * accepted, or rejected with the defects found. Safety-related goods need the quality checklist,
 * every check passed to accept. The deliverable's status follows (pending → delivered →
 * accepted | rejected → delivered …). Audited; the supplier is told the result in their language.
 */
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import { isUuid } from '../../http/params.js';
import { ValidationError } from '../../http/validate.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { checklistProblems, checklistRecord, type CheckResult } from './checklist.js';
import { agencyOfficers, assertActive, contractById, supplierRecipient, type ContractRow } from './contract-access.js';
import {
  AlreadyAcceptedError,
  AlreadyInspectedError,
  AwaitingInspectionError,
  DeliverableNotFoundError,
  DeliveryNotFoundError,
} from './errors.js';
import type { DeliveryInput, InspectionInput } from './schema.js';

interface DeliverableRow {
  id: string;
  contract_id: string;
  number: number;
  title: string;
  safety_related: boolean;
  status: 'pending' | 'delivered' | 'accepted' | 'rejected';
}

export interface RecordedDelivery {
  id: string;
  deliverableId: string;
  attempt: number;
  deliveredAt: Date;
}

export interface InspectionOutcome {
  deliveryId: string;
  deliverableId: string;
  result: 'accepted' | 'rejected';
  status: 'accepted' | 'rejected';
}

const noticeNo = (contract: ContractRow) => contract.notice_no ?? '';

interface DeliveryRow {
  id: string;
  deliverable_id: string;
  attempt: number;
  recorded_by: string;
}

/** The deliverable (locked) and its contract; another delivery only after a rejection. */
async function deliverableToDeliver(tx: Knex.Transaction, actor: Actor, deliverableId: string) {
  const item = isUuid(deliverableId)
    ? await tx('deliverables').where({ id: deliverableId }).forUpdate().first<DeliverableRow | undefined>()
    : undefined;
  if (!item) throw new DeliverableNotFoundError();
  const contract = await contractById(tx, item.contract_id);
  const user = actor.user;
  assertCan(user, 'invoices:submit', contract.supplier_id);
  assertActive(contract);
  if (item.status === 'delivered') throw new AwaitingInspectionError(item.number);
  if (item.status === 'accepted') throw new AlreadyAcceptedError(item.number);
  return { item, contract, user };
}

/** The delivery, its deliverable (locked) and its contract, not yet inspected. */
async function deliveryToInspect(tx: Knex.Transaction, actor: Actor, deliveryId: string) {
  const delivery = isUuid(deliveryId)
    ? await tx('deliveries').where({ id: deliveryId }).first<DeliveryRow | undefined>()
    : undefined;
  if (!delivery) throw new DeliveryNotFoundError();
  const item = await tx('deliverables').where({ id: delivery.deliverable_id }).forUpdate().first<DeliverableRow>();
  const contract = await contractById(tx, item.contract_id);
  const user = actor.user;
  assertCan(user, 'notices:manage', contract.agency_id);
  assertActive(contract);
  const inspected = await tx('inspections').where({ delivery_id: delivery.id }).first<{ id: string } | undefined>('id');
  if (inspected || item.status !== 'delivered') throw new AlreadyInspectedError(delivery.attempt);
  return { delivery, item, contract, user };
}

export function deliveriesService(services: Pick<Deps, 'audit' | 'mailer'>) {
  /** Tells the supplier user who delivered what the inspection found, in their language. */
  async function tellSupplier(
    tx: Knex.Transaction,
    actor: Actor,
    found: { delivery: DeliveryRow; item: DeliverableRow; contract: ContractRow; input: InspectionInput },
  ): Promise<void> {
    const { delivery, item, contract, input } = found;
    const supplier = await supplierRecipient(tx, delivery.recorded_by);
    await services.mailer.queue(tx, actor.tenant, {
      to: supplier.email,
      locale: supplier.locale,
      template: input.result === 'accepted' ? 'delivery_accepted' : 'delivery_rejected',
      params: {
        name: supplier.display_name,
        contract: contract.contract_no,
        notice: noticeNo(contract),
        number: item.number,
        deliverable: item.title,
        attempt: delivery.attempt,
        defects: input.defects ?? '',
      },
    });
  }

  return {
    async deliver(actor: Actor, deliverableId: string, input: DeliveryInput): Promise<RecordedDelivery> {
      const { tenant, audit } = actor;
      return inTenant(tenant, async (tx) => {
        const { item, contract, user } = await deliverableToDeliver(tx, actor, deliverableId);
        const last = await tx('deliveries')
          .where({ deliverable_id: item.id })
          .max<{ attempt: number | null }>('attempt as attempt')
          .first();
        const attempt = (last?.attempt ?? 0) + 1;
        const [row] = await tx('deliveries')
          .insert({ deliverable_id: item.id, attempt, recorded_by: user.id, note: input.note ?? null })
          .returning<{ id: string; delivered_at: Date }[]>(['id', 'delivered_at']);
        await tx('deliverables').where({ id: item.id }).update({ status: 'delivered' });
        await services.audit.record(tx, tenant, audit, {
          action: 'deliverable.delivered',
          target: { type: 'deliverable', id: item.id },
          summary: {
            contract: contract.id,
            notice: contract.notice_id,
            delivery: row!.id,
            attempt,
            before: { status: item.status },
            after: { status: 'delivered' },
          },
        });
        for (const officer of await agencyOfficers(tx, contract.agency_id)) {
          await services.mailer.queue(tx, tenant, {
            to: officer.email,
            locale: officer.locale,
            template: 'delivery_recorded',
            params: {
              name: officer.display_name,
              contract: contract.contract_no,
              notice: noticeNo(contract),
              number: item.number,
              deliverable: item.title,
              attempt,
            },
          });
        }
        return { id: row!.id, deliverableId: item.id, attempt, deliveredAt: row!.delivered_at };
      });
    },

    async inspect(actor: Actor, deliveryId: string, input: InspectionInput): Promise<InspectionOutcome> {
      const { tenant, audit } = actor;
      return inTenant(tenant, async (tx) => {
        const { delivery, item, contract, user } = await deliveryToInspect(tx, actor, deliveryId);
        const problems = item.safety_related ? checklistProblems(input.checklist, input.result) : [];
        if (problems.length > 0) throw new ValidationError(problems);
        const checklist: CheckResult[] = item.safety_related ? checklistRecord(input.checklist ?? {}) : [];
        await tx('inspections').insert({
          delivery_id: delivery.id,
          result: input.result,
          defects: input.defects ?? null,
          checklist: JSON.stringify(checklist),
          inspected_by: user.id,
        });
        await tx('deliverables').where({ id: item.id }).update({ status: input.result });
        await services.audit.record(tx, tenant, audit, {
          action: input.result === 'accepted' ? 'deliverable.accepted' : 'deliverable.rejected',
          target: { type: 'deliverable', id: item.id },
          summary: {
            contract: contract.id,
            notice: contract.notice_id,
            delivery: delivery.id,
            attempt: delivery.attempt,
            before: { status: item.status },
            after: { status: input.result },
            ...(input.defects ? { defects: input.defects } : {}),
            ...(item.safety_related ? { checklist } : {}),
          },
        });
        await tellSupplier(tx, actor, { delivery, item, contract, input });
        return { deliveryId: delivery.id, deliverableId: item.id, result: input.result, status: input.result };
      });
    },
  };
}
