/**
 * The mall of a demo world: a framework tender for office goods taken through the same steps as
 * the world's other tenders (plan entry, draft, publication, sealed bids, opening, review, award
 * made final), then the agreement concluded as its award writes it: the parties chosen by the
 * tenant's framework-agreement rule from the bids' price lists, each party's prices, a period
 * within the rule's longest. Beside it, the demo agency's budget lines for the fiscal year and one
 * innovative product designated for the rule's validity, so `npm start` shows a living catalog.
 */
import { currencyDigits } from '../i18n/format.js';
import { amountInMinorUnits } from '../procurement/plans/schema.js';
import { agreementMaxMonths, selectParties, type PriceListBid } from '../regulations/frameworks.js';
import { designationUntil } from '../regulations/innovative-products.js';
import { indexTerms } from '../search/terms.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { mallContentFor, type MallContent } from './content/mall.js';
import { award, draft, open, planEntry, publish, review } from './tenders.js';
import { as, on, type TenderState, type World } from './world.js';

const PUBLISHED = -66;
const CONCLUDED_AFTER = 15;

/** A party's unit price for item `i`: its share of the ceiling, varied a little by item, rounded to a hundred. */
function unitPrice(world: World, ceiling: number, base: number, i: number, s: number): number {
  const share = base + (((i * 7 + s * 3) % 5) - 2) * 0.01;
  const unit = 100 * 10 ** currencyDigits(world.tenant.config.currency);
  return Math.min(ceiling, Math.round((ceiling * share) / unit) * unit) || ceiling;
}

function terms(texts: Partial<Record<string, string>>) {
  return indexTerms(Object.entries(texts).map(([lng, text]) => ({ text: text ?? '', lng })));
}

export function mallSteps(world: World, index: number): void {
  const content = mallContentFor(world.tenant.config.country);
  if (!content) return;
  const { time } = world;
  const money = amountInMinorUnits(world.tenant.config.currency);
  const ceilings = content.items.map((item) => money.parse(String(item.ceiling)));
  const lists = content.parties.map(([s, base]) => ceilings.map((c, i) => unitPrice(world, c, base, i, s)));
  const totals = lists.map((prices) => prices.reduce((sum, p, i) => sum + p * content.items[i]!.quantity, 0));
  const estimated = content.items.reduce((sum, item) => sum + item.ceiling * item.quantity, 0);
  const officer = world.cast.officers[0]!;
  const t: TenderState = {
    key: 'framework',
    content: { ...content.tender, estimated: String(estimated) },
    officer,
    estimated: money.parse(String(estimated)),
  };
  const notice = () => t.noticeId!;
  const deadline = time.workingDay(-50);
  planEntry(world, t, index, PUBLISHED);
  draft(world, t, PUBLISHED, deadline);
  publish(world, t, PUBLISHED, notice);
  content.parties.forEach(([s], p) => {
    const at = time.at(deadline - 3, `${10 + p * 2}:00`);
    const bidder = world.cast.suppliers[s]!;
    on(world, at, `framework bid by ${bidder.email}`, async () => {
      await world.svc.bids.submit(as(world, bidder, at), notice(), {
        lot: 0,
        price: totals[p]!,
        bidSecurityAmount: Math.ceil((totals[p]! * 5) / 100),
        picks: [1 + s, 8 + s],
        device: {
          address: `192.0.2.${10 + s}`,
          userAgentHash: null,
          deviceId: `demo-world-device-${s}`.padEnd(22, '0'),
        },
        files: [],
      });
    });
  });
  open(world, t, deadline, notice);
  review(world, t, deadline + 1);
  award(world, t, deadline + 2);
  const finalAt = time.at(deadline + 14, '10:00');
  on(world, finalAt, 'framework award final', async () => {
    await world.svc.awards.finalize(as(world, officer, finalAt), notice());
  });
  const concludedAt = time.at(deadline + CONCLUDED_AFTER, '09:00');
  on(world, concludedAt, 'framework agreement concluded', () =>
    conclude(world, content, t, {
      ceilings,
      lists,
      totals,
      at: concludedAt,
      startsOn: time.day(deadline + CONCLUDED_AFTER),
    }),
  );
  const budgetAt = time.at(-60, '09:00');
  on(world, budgetAt, 'budget lines', () => budgetLines(world, content, officer.agencyId!));
  const designatedAt = time.at(-40, '10:00');
  on(world, designatedAt, 'innovative product designated', () =>
    designate(world, content, officer.id, designatedAt, time.day(-40)),
  );
}

async function conclude(
  world: World,
  content: MallContent,
  t: TenderState,
  p: { ceilings: number[]; lists: number[][]; totals: number[]; at: Date; startsOn: string },
): Promise<void> {
  const config = world.tenant.config;
  const period = agreementMaxMonths(config, p.at);
  const [y, m, d] = p.startsOn.split('-').map(Number) as [number, number, number];
  const months = Math.min(12, period.months);
  const endsOn = new Date(Date.UTC(y, m - 1 + months, d) - 86_400_000).toISOString().slice(0, 10);
  await inTenant(world.tenant, async (tx) => {
    const bids = await tx('bids')
      .where({ notice_id: t.noticeId })
      .select<{ id: string; supplier_id: string; submitted_at: Date }[]>('id', 'supplier_id', 'submitted_at');
    const listOf = (supplierId: string) =>
      content.parties.findIndex(([s]) => world.cast.suppliers[s]!.supplierId === supplierId);
    const priced: PriceListBid[] = bids.map((b) => ({
      bidId: b.id,
      supplierId: b.supplier_id,
      unitPrices: new Map(p.lists[listOf(b.supplier_id)]!.map((price, i) => [i + 1, price])),
      total: p.totals[listOf(b.supplier_id)]!,
      submittedAt: b.submitted_at,
    }));
    const items = p.ceilings.map((ceilingUnitPrice, i) => ({ number: i + 1, ceilingUnitPrice }));
    const selection = selectParties(config, p.at, items, priced);
    const serial = await tx.raw<{ rows: { n: string }[] }>(`select nextval('framework_agreement_serial') as n`);
    const [agreement] = await tx('framework_agreements')
      .insert({
        agreement_no: `FA-${p.startsOn.slice(0, 4)}-${serial.rows[0]!.n.padStart(4, '0')}`,
        notice_id: t.noticeId,
        agency_id: t.officer.agencyId,
        title: content.tender.title,
        category: content.tender.category,
        starts_on: p.startsOn,
        ends_on: endsOn,
        max_value: Math.round(t.estimated * 1.2),
        max_parties: period.maxParties,
        status: 'active',
        applied_rules: [selection.rule, period.rule],
        created_by: t.officer.id,
        created_at: p.at,
        concluded_at: p.at,
      })
      .returning<{ id: string }[]>('id');
    const itemIds: string[] = [];
    for (const [i, item] of content.items.entries()) {
      const [row] = await tx('framework_items')
        .insert({
          agreement_id: agreement!.id,
          number: i + 1,
          classification: item.classification,
          description: item.description,
          unit: item.unit,
          ceiling_unit_price: p.ceilings[i],
          estimated_quantity: item.quantity,
          search_terms: terms(item.description),
        })
        .returning<{ id: string }[]>('id');
      itemIds.push(row!.id);
    }
    for (const party of selection.parties) {
      const [row] = await tx('framework_parties')
        .insert({
          agreement_id: agreement!.id,
          supplier_id: party.supplierId,
          bid_id: party.bidId,
          rank: party.rank,
          joined_at: p.at,
        })
        .returning<{ id: string }[]>('id');
      const list = p.lists[listOf(party.supplierId)]!;
      await tx('framework_prices').insert(
        itemIds.map((itemId, i) => ({
          party_id: row!.id,
          item_id: itemId,
          unit_price: list[i],
          delivery_days: 5 + party.rank * 2 + (i % 3) * 2,
          // The first party keeps stock of the everyday goods; the others deliver on order.
          stock: party.rank === 1 && i % 2 === 0 ? 200 + i * 150 : null,
          updated_at: p.at,
        })),
      );
    }
  });
}

async function budgetLines(world: World, content: MallContent, agencyId: string): Promise<void> {
  const year = Number(world.time.day(0).slice(0, 4));
  const money = amountInMinorUnits(world.tenant.config.currency);
  await inTenant(world.tenant, (tx) =>
    tx('budget_lines').insert(
      content.budgetLines.map((line) => ({
        agency_id: agencyId,
        fiscal_year: year,
        code: line.code,
        label: line.label,
        amount: money.parse(String(line.amount)),
      })),
    ),
  );
}

async function designate(world: World, content: MallContent, by: string, at: Date, from: string): Promise<void> {
  const { product } = content;
  const config = world.tenant.config;
  const { until, rule } = designationUntil(config, at, from);
  const supplier = world.cast.suppliers[2]!;
  await inTenant(world.tenant, async (tx) => {
    const serial = await tx.raw<{ rows: { n: string }[] }>(`select nextval('innovative_designation_serial') as n`);
    await tx('innovative_products').insert({
      designation_no: `INNO-${from.slice(0, 4)}-${serial.rows[0]!.n.padStart(4, '0')}`,
      supplier_id: supplier.supplierId,
      name: product.name,
      description: product.description,
      classification: product.classification,
      unit: product.unit,
      unit_price: amountInMinorUnits(config.currency).parse(String(product.price)),
      evidence: product.evidence,
      designated_from: from,
      designated_until: until,
      designated_by: by,
      designated_at: at,
      applied_rules: [rule],
      search_terms: indexTerms(
        [product.name, product.description].flatMap((texts) =>
          Object.entries(texts).map(([lng, text]) => ({ text: text ?? '', lng })),
        ),
      ),
    });
  });
}
