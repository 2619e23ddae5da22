/**
 * After the award: the standstill is waited out and the award made final, the contract generated,
 * its deposit lodged and both parties sign; then the goods are delivered and accepted, invoiced,
 * approved and paid, as far as the tender's state asks.
 */
import { generate } from 'otplib';
import { inTenant } from '../tenancy/tenant-context.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../tenancy/seed.js';
import { tenantAt } from './cast.js';
import { as, on, type TenderState, type World } from './world.js';

interface ContractState {
  id?: string;
  deposit?: number;
  deliverableId?: string;
  deliveryId?: string;
  invoiceId?: string;
}

/**
 * The officer's second factor at the real time (each officer signs one contract of the world, so
 * a time step is never spent twice); the demo authenticator key is public, printed at start.
 */
const officerCode = () => generate({ secret: DEMO_TOTP_SECRET, epoch: Math.floor(Date.now() / 1000) });

export function contractSteps(world: World, t: TenderState, deadline: number): void {
  const { time, svc } = world;
  const c: ContractState = {};
  const finalAt = time.at(deadline + 14, '10:00');
  on(world, finalAt, `award final ${t.key}`, async () => {
    await svc.awards.finalize(as(world, t.officer, finalAt), t.noticeId!);
  });
  const generated = time.at(deadline + 15, '09:00');
  on(world, generated, `contract ${t.key}`, async () => {
    const { id } = (await svc.contracts.generate(as(world, t.officer, generated), {
      awardId: t.awardId!,
      startsOn: time.day(deadline + 17),
      endsOn: time.day(60),
      deliverables: [
        { title: t.content.deliverable ?? '-', amount: t.amount!, dueOn: time.day(45), safetyRelated: false },
      ],
    })) as { id: string };
    c.id = id;
    const row = await inTenant(tenantAt(world.tenant, generated), (tx) =>
      tx('contracts').where({ id }).first<{ deposit_amount: string }>('deposit_amount'),
    );
    c.deposit = Number(row.deposit_amount);
    const item = await inTenant(tenantAt(world.tenant, generated), (tx) =>
      tx('deliverables').where({ contract_id: id }).first<{ id: string }>('id'),
    );
    c.deliverableId = item.id;
  });
  const lodged = time.at(deadline + 15, '14:00');
  on(world, lodged, `deposit ${t.key}`, async () => {
    await svc.contracts.recordDeposit(as(world, t.winner, lodged), c.id!, {
      kind: 'bank-guarantee',
      issuer: world.content.texts.depositIssuer,
      reference: `BG-${time.day(deadline + 15).replaceAll('-', '')}-${t.key.toUpperCase()}`,
      amount: c.deposit!,
      validUntil: time.day(150),
    });
  });
  const supplierSigns = time.at(deadline + 16, '09:00');
  on(world, supplierSigns, `supplier signs ${t.key}`, async () => {
    await svc.signing.sign(as(world, t.winner, supplierSigns), c.id!, { password: DEMO_PASSWORD, code: undefined });
  });
  const officerSigns = time.at(deadline + 16, '11:00');
  on(world, officerSigns, `officer signs ${t.key}`, async () => {
    await svc.signing.sign(as(world, t.officer, officerSigns), c.id!, {
      password: DEMO_PASSWORD,
      code: await officerCode(),
    });
  });
  if (t.key === 'contracted') return;

  // Delivered: accepted and invoiced, the invoice waiting; paid: approved and paid too.
  const from = t.key === 'paid' ? -14 : -6;
  const delivered = time.at(from, '09:00');
  on(world, delivered, `delivery ${t.key}`, async () => {
    c.deliveryId = (
      await svc.deliveries.deliver(as(world, t.winner, delivered), c.deliverableId!, {
        note: world.content.texts.deliveryNote,
      })
    ).id;
  });
  const inspected = time.at(from + 1, '10:00');
  on(world, inspected, `inspection ${t.key}`, async () => {
    await svc.deliveries.inspect(as(world, t.officer, inspected), c.deliveryId!, {
      result: 'accepted',
      defects: undefined,
    });
  });
  const invoiced = time.at(from + 2, '11:00');
  on(world, invoiced, `invoice ${t.key}`, async () => {
    c.invoiceId = (
      await svc.invoicing.submit(as(world, t.winner, invoiced), c.deliverableId!, { amount: t.amount! })
    ).id;
  });
  if (t.key !== 'paid') return;
  const approved = time.at(from + 3, '10:00');
  on(world, approved, `approval ${t.key}`, async () => {
    await svc.payments.approve(as(world, t.officer, approved), c.invoiceId!);
  });
  const paid = time.at(from + 5, '10:00');
  on(world, paid, `payment ${t.key}`, async () => {
    await svc.payments.pay(as(world, t.officer, paid), c.invoiceId!, {
      paidOn: time.day(from + 5),
      reference: `PAY-${time.day(from + 5).replaceAll('-', '')}-${t.key.toUpperCase()}`,
      amount: t.amount!,
    });
  });
}
