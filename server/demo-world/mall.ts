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
import { DesignationShape } from '../procurement/innovation/schema.js';
import { agreementMaxMonths } from '../regulations/frameworks.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { Cast } from './cast.js';
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
  const termsAt = time.at(PUBLISHED, '09:30');
  on(world, termsAt, 'framework terms', async () => {
    const startsOn = time.day(deadline + CONCLUDED_AFTER);
    const [y, m, d] = startsOn.split('-').map(Number) as [number, number, number];
    const months = Math.min(12, agreementMaxMonths(world.tenant.config, termsAt).months);
    await world.svc.frameworkTerms.setTerms(as(world, officer, termsAt), notice(), {
      startsOn,
      endsOn: new Date(Date.UTC(y, m - 1 + months, d) - 86_400_000).toISOString().slice(0, 10),
      maxValue: Math.round(t.estimated * 1.2),
      maxParties: content.parties.length,
      items: content.items.map((item, i) => ({
        number: i + 1,
        classification: item.classification,
        description: item.description,
        unit: item.unit,
        ceilingUnitPrice: ceilings[i]!,
        estimatedQuantity: item.quantity,
      })),
    });
  });
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
        priceList: lists[p]!.map((unitPrice, i) => ({ item: i + 1, unitPrice })),
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
  // The final award concludes the agreement (frameworks/conclusion.ts): parties and prices from the opened lists.
  const finalAt = time.at(deadline + 14, '10:00');
  on(world, finalAt, 'framework award final', async () => {
    await world.svc.awards.finalize(as(world, officer, finalAt), notice());
  });
  // Each party then states its delivery days; the first keeps stock of the everyday goods.
  content.parties.forEach(([s], p) => {
    const at = time.at(deadline + CONCLUDED_AFTER, `${10 + p}:00`);
    const bidder = world.cast.suppliers[s]!;
    on(world, at, `framework supply terms of ${bidder.email}`, () => supplyTerms(world, bidder, at, notice()));
  });
  const budgetAt = time.at(-60, '09:00');
  on(world, budgetAt, 'budget lines', () => budgetLines(world, content, officer.agencyId!));
  const designatedAt = time.at(-40, '10:00');
  on(world, designatedAt, 'innovative product designated', () =>
    designate(world, content, officer, designatedAt, time.day(-40)),
  );
}

/** A party's delivery days and stock for each item, set by its own user as on its agreement page. */
async function supplyTerms(world: World, bidder: Cast['suppliers'][number], at: Date, noticeId: string): Promise<void> {
  const prices = await inTenant(world.tenant, (tx) =>
    tx('framework_prices as fp')
      .join('framework_parties as p', 'p.id', 'fp.party_id')
      .join('framework_agreements as a', 'a.id', 'p.agreement_id')
      .join('framework_items as i', 'i.id', 'fp.item_id')
      .where({ 'a.notice_id': noticeId, 'p.supplier_id': bidder.supplierId })
      .orderBy('i.number')
      .select<{ id: string; rank: number; number: number }[]>('fp.id', 'p.rank', 'i.number'),
  );
  for (const price of prices) {
    const i = price.number - 1;
    await world.svc.priceChanges.updateTerms(as(world, bidder, at), {
      priceId: price.id,
      deliveryDays: 5 + price.rank * 2 + (i % 3) * 2,
      stock: price.rank === 1 && i % 2 === 0 ? 200 + i * 150 : null,
    });
  }
}

/** The agency's budget lines as its finance office opened them for the year (data the mall only reads). */
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

async function designate(
  world: World,
  content: MallContent,
  officer: Cast['officers'][number],
  at: Date,
  from: string,
): Promise<void> {
  const { product } = content;
  const { tenant } = world;
  const localized = (field: string, texts: Partial<Record<string, string>>) =>
    Object.fromEntries(Object.entries(texts).map(([lng, text]) => [`${field}_${lng}`, text]));
  const input = DesignationShape(tenant).parse({
    supplierId: world.cast.suppliers[2]!.supplierId,
    ...localized('name', product.name),
    ...localized('description', product.description),
    classification: product.classification,
    unit: product.unit,
    unitPrice: String(product.price),
    evidence: product.evidence,
    designatedFrom: from,
  });
  await world.svc.innovation.designate(as(world, officer, at), input);
}
