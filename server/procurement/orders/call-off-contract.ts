/**
 * The contract of an accepted order (a call-off, or a direct innovative purchase): no award and no
 * notice, its order instead. Numbered like every contract (contracts/generation.ts), its content
 * hashed the same way, active at once (the order and its acceptance are the agreement), with one
 * deliverable per order line so deliveries, inspections, invoices and payments work unchanged.
 */
import type { Knex } from 'knex';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { localDate } from '../../regulations/lookup.js';
import { contentHash } from '../contracts/content.js';

export interface OrderForContract {
  id: string;
  order_no: string;
  kind: string;
  agreement_id: string | null;
  product_id: string | null;
  supplier_id: string;
  agency_id: string;
  total: string;
  deliver_by: string;
}

export async function createCallOffContract(
  tx: Knex.Transaction,
  tenant: TenantHandle,
  order: OrderForContract,
  at: Date,
  createdBy: string,
): Promise<{ id: string; contractNo: string; contentHash: string }> {
  const serial = await tx.raw<{ rows: { n: string }[] }>(`select nextval('contract_serial') as n`);
  const today = localDate(at, tenant.config.timeZone);
  const contractNo = `C${today.slice(2, 4)}-${serial.rows[0]!.n.padStart(6, '0')}`;
  const lines = await tx('delivery_order_lines')
    .where({ order_id: order.id })
    .orderBy('number')
    .select<{ number: number; description: string; quantity: number; unit_price: string }[]>();
  const agency = await tx('agencies').where({ id: order.agency_id }).first<{ code: string; name: unknown }>();
  const supplier = await tx('suppliers')
    .where({ id: order.supplier_id })
    .first<{ legal_name: unknown; registration_no: string }>();
  const value = Number(order.total);
  const startsOn = today;
  const endsOn = order.deliver_by < today ? today : order.deliver_by;
  const content = {
    contractNo,
    version: 1,
    currency: tenant.config.currency,
    order: {
      id: order.id,
      orderNo: order.order_no,
      kind: order.kind,
      agreementId: order.agreement_id,
      productId: order.product_id,
    },
    parties: {
      agency: { id: order.agency_id, code: agency.code, name: agency.name },
      supplier: { id: order.supplier_id, legalName: supplier.legal_name, registrationNo: supplier.registration_no },
    },
    value,
    startsOn,
    endsOn,
    deliverables: lines.map((l) => ({
      number: l.number,
      title: l.description,
      amount: l.quantity * Number(l.unit_price),
      dueOn: endsOn,
      safetyRelated: false,
    })),
    deposit: { percent: 0, amount: 0, rules: [] as string[] },
    amendments: [],
  };
  const hash = contentHash(content);
  const [row] = await tx('contracts')
    .insert({
      contract_no: contractNo,
      order_id: order.id,
      award_id: null,
      notice_id: null,
      supplier_id: order.supplier_id,
      agency_id: order.agency_id,
      value,
      starts_on: startsOn,
      ends_on: endsOn,
      content: JSON.stringify(content),
      content_hash: hash,
      status: 'active',
      deposit_percent: 0,
      deposit_amount: 0,
      created_by: createdBy,
    })
    .returning<{ id: string }[]>('id');
  await tx('deliverables').insert(
    content.deliverables.map((d) => ({
      contract_id: row!.id,
      number: d.number,
      title: d.title,
      amount: d.amount,
      due_on: d.dueOn,
      safety_related: false,
    })),
  );
  return { id: row!.id, contractNo, contentHash: hash };
}
