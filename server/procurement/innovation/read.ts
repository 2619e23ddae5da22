/**
 * Read models of innovative products and test purchases: the products in force (public), one
 * product, the registered suppliers a designation may name, the buyer agency's budget lines of the
 * current fiscal year, and one test purchase (its agency, the officers and auditors only).
 */
import type { Knex } from 'knex';
import type { Actor } from '../../identity/actor.js';
import { can } from '../../identity/policy.js';
import { isUuid } from '../../http/params.js';
import { directPurchase } from '../../regulations/innovative-products.js';
import { localDate } from '../../regulations/lookup.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import { ProductNotFoundError, TestPurchaseNotFoundError } from './errors.js';
import type { EvaluationInput } from './schema.js';

type Text = Record<string, string>;

export interface Product {
  id: string;
  designationNo: string;
  supplier: { id: string; name: Text; registrationNo: string };
  name: Text;
  description: Text;
  classification: string;
  unit: string;
  unitPrice: number;
  evidence: string;
  designatedFrom: string;
  designatedUntil: string;
  status: 'designated' | 'revoked';
  revokedReason: string | null;
  inForce: boolean;
  appliedRules: string[];
}

export interface TestPurchase {
  id: string;
  productId: string;
  designationNo: string;
  agencyId: string;
  quantity: number;
  total: number;
  purpose: string;
  status: 'requested' | 'approved' | 'rejected' | 'evaluated';
  requestedBy: string;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  orderId: string | null;
  evaluation: {
    scores: Omit<EvaluationInput, 'findings' | 'recommendation'>;
    findings: string;
    recommendation: EvaluationInput['recommendation'];
  } | null;
  evaluatedAt: Date | null;
  appliedRules: string[];
}

const PRODUCT_COLUMNS = [
  'p.id',
  'p.designation_no',
  'p.supplier_id',
  's.legal_name',
  's.registration_no',
  'p.name',
  'p.description',
  'p.classification',
  'p.unit',
  'p.unit_price',
  'p.evidence',
  'p.status',
  'p.revoked_reason',
  'p.applied_rules',
];

interface ProductRow {
  id: string;
  designation_no: string;
  supplier_id: string;
  legal_name: Text;
  registration_no: string;
  name: Text;
  description: Text;
  classification: string;
  unit: string;
  unit_price: string;
  evidence: string;
  status: 'designated' | 'revoked';
  revoked_reason: string | null;
  applied_rules: string[];
  from_day: string;
  until_day: string;
}

function products(tx: Knex.Transaction) {
  return tx('innovative_products as p')
    .join('suppliers as s', 's.id', 'p.supplier_id')
    .select(
      ...PRODUCT_COLUMNS,
      tx.raw(`to_char(p.designated_from, 'YYYY-MM-DD') as from_day`),
      tx.raw(`to_char(p.designated_until, 'YYYY-MM-DD') as until_day`),
    );
}

function productOf(row: ProductRow, today: string): Product {
  return {
    id: row.id,
    designationNo: row.designation_no,
    supplier: { id: row.supplier_id, name: row.legal_name, registrationNo: row.registration_no },
    name: row.name,
    description: row.description,
    classification: row.classification,
    unit: row.unit,
    unitPrice: Number(row.unit_price),
    evidence: row.evidence,
    designatedFrom: row.from_day,
    designatedUntil: row.until_day,
    status: row.status,
    revokedReason: row.revoked_reason,
    inForce: row.status === 'designated' && row.from_day <= today && today <= row.until_day,
    appliedRules: row.applied_rules,
  };
}

/** The tenant's calendar day now. */
export async function today(tx: Knex.Transaction, actor: Actor): Promise<string> {
  return localDate(await now(tx), actor.tenant.config.timeZone);
}

/** One product in `tx`, or ProductNotFoundError. */
export async function productIn(tx: Knex.Transaction, actor: Actor, id: string): Promise<Product> {
  const row = isUuid(id) ? await products(tx).where('p.id', id).first<ProductRow | undefined>() : undefined;
  if (!row) throw new ProductNotFoundError();
  return productOf(row, await today(tx, actor));
}

/** The designations in force today, by designation number (what the public sees). */
export async function productsInForce(actor: Actor): Promise<Product[]> {
  return inTenant(actor.tenant, async (tx) => {
    const day = await today(tx, actor);
    const rows = await products(tx)
      .where('p.status', 'designated')
      .where('p.designated_from', '<=', day)
      .where('p.designated_until', '>=', day)
      .orderBy('p.designation_no')
      .select<ProductRow[]>();
    return rows.map((r) => productOf(r, day));
  });
}

/** Every designation, revoked and expired too: the officers' desk. */
export async function allProducts(actor: Actor): Promise<Product[]> {
  return inTenant(actor.tenant, async (tx) => {
    const day = await today(tx, actor);
    const rows = await products(tx).orderBy('p.designation_no', 'desc').select<ProductRow[]>();
    return rows.map((r) => productOf(r, day));
  });
}

/** One product: a designation not in force is shown to the staff who may designate only. */
export async function oneProduct(actor: Actor, id: string): Promise<Product> {
  return inTenant(actor.tenant, async (tx) => {
    const product = await productIn(tx, actor, id);
    if (!product.inForce && !can(actor.user, 'innovation:designate')) throw new ProductNotFoundError();
    return product;
  });
}

/** The registered suppliers a designation may name. */
export async function registeredSuppliers(actor: Actor): Promise<{ id: string; name: Text; registrationNo: string }[]> {
  return inTenant(actor.tenant, async (tx) => {
    const rows = await tx('suppliers')
      .where({ status: 'approved' })
      .orderBy('registration_no')
      .select<{ id: string; legal_name: Text; registration_no: string }[]>('id', 'legal_name', 'registration_no');
    return rows.map((r) => ({ id: r.id, name: r.legal_name, registrationNo: r.registration_no }));
  });
}

/** The agency's budget lines of the current fiscal year (the calendar year in the tenant's zone). */
export async function currentBudgetLines(
  actor: Actor,
  agencyId: string,
): Promise<{ id: string; code: string; label: Text; available: number }[]> {
  return inTenant(actor.tenant, async (tx) => {
    const year = Number((await today(tx, actor)).slice(0, 4));
    const rows = await tx('budget_lines')
      .where({ agency_id: agencyId, fiscal_year: year })
      .orderBy('code')
      .select<{ id: string; code: string; label: Text; amount: string; committed: string }[]>();
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      label: r.label,
      available: Number(r.amount) - Number(r.committed),
    }));
  });
}

interface TestRow {
  id: string;
  product_id: string;
  designation_no: string;
  unit_price: string;
  agency_id: string;
  quantity: number;
  purpose: string;
  status: TestPurchase['status'];
  requested_by: string;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  order_id: string | null;
  evaluation: TestPurchase['evaluation'];
  evaluated_at: Date | null;
  applied_rules: string[];
}

export function testPurchaseOf(row: TestRow): TestPurchase {
  return {
    id: row.id,
    productId: row.product_id,
    designationNo: row.designation_no,
    agencyId: row.agency_id,
    quantity: row.quantity,
    total: row.quantity * Number(row.unit_price),
    purpose: row.purpose,
    status: row.status,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionNote: row.decision_note,
    orderId: row.order_id,
    evaluation: row.evaluation,
    evaluatedAt: row.evaluated_at,
    appliedRules: row.applied_rules,
  };
}

/** One test purchase in `tx` (locked when `lock`), or TestPurchaseNotFoundError. */
export async function testPurchaseIn(tx: Knex.Transaction, id: string, lock = false): Promise<TestPurchase> {
  const query = tx('test_purchases as t')
    .join('innovative_products as p', 'p.id', 't.product_id')
    .where('t.id', isUuid(id) ? id : '00000000-0000-0000-0000-000000000000')
    .select('t.*', 'p.designation_no', 'p.unit_price');
  if (lock) query.forUpdate('t');
  const row = await query.first<TestRow | undefined>();
  if (!row) throw new TestPurchaseNotFoundError();
  return testPurchaseOf(row);
}

/** Who may read a test purchase: its agency's officers, the officers who decide, auditors. */
export function mayRead(actor: Actor, purchase: Pick<TestPurchase, 'agencyId'>): boolean {
  const user = actor.user;
  return can(user, 'notices:manage', purchase.agencyId) || can(user, 'innovation:designate') || can(user, 'audit:read');
}

/** One test purchase with its product, for those who may read it (404 for anyone else). */
export async function oneTestPurchase(actor: Actor, id: string): Promise<{ purchase: TestPurchase; product: Product }> {
  return inTenant(actor.tenant, async (tx) => {
    const purchase = await testPurchaseIn(tx, id);
    if (!mayRead(actor, purchase)) throw new TestPurchaseNotFoundError();
    return { purchase, product: await productIn(tx, actor, purchase.productId) };
  });
}

/** The test purchases the caller may read: the own agency's, or all for deciders and auditors. */
export async function testPurchases(actor: Actor): Promise<TestPurchase[]> {
  return inTenant(actor.tenant, async (tx) => {
    const query = tx('test_purchases as t')
      .join('innovative_products as p', 'p.id', 't.product_id')
      .orderBy('t.requested_at', 'desc')
      .select('t.*', 'p.designation_no', 'p.unit_price');
    const user = actor.user;
    if (!can(user, 'innovation:designate') && !can(user, 'audit:read'))
      query.where('t.agency_id', user?.agencyId ?? '00000000-0000-0000-0000-000000000000');
    return (await query.select<TestRow[]>()).map(testPurchaseOf);
  });
}

/** The direct-purchase and test-purchase limits of the tenant's rule today, for a product page. */
export async function purchaseLimits(actor: Actor, product: Product): Promise<{ direct: number; test: number }> {
  return inTenant(actor.tenant, async (tx) => {
    const at = await now(tx);
    const facts = {
      status: product.status,
      designatedFrom: product.designatedFrom,
      designatedUntil: product.designatedUntil,
    };
    return {
      direct: directPurchase(actor.tenant.config, at, facts, 0).limit,
      test: directPurchase(actor.tenant.config, at, facts, 0, 'test').limit,
    };
  });
}
