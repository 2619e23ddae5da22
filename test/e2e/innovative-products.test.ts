import assert from 'node:assert/strict';
import request from 'supertest';
import { issueApiToken } from '../../server/identity/api-tokens.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { buildSupplier, buildTenant, type Bidder, type TenderWorld } from '../support/factories.js';
import { csrfFrom, signIn } from '../support/session.js';

interface Product {
  id: string;
  designationNo: string;
  designatedUntil: string;
  appliedRules: string[];
  status: string;
  inForce: boolean;
}
interface Problem {
  errors: { field: string; code: string; message: string }[];
  detail?: string;
  title?: string;
}

/** A bearer token of a demo account of `tenant`. */
async function tokenOf(tenant: TenantHandle, email: string) {
  return inTenant(tenant, async (tx) => {
    const user = await tx('users').where({ email }).first<{ id: string }>('id');
    return { Authorization: `Bearer ${(await issueApiToken(tx, user.id)).token}` };
  });
}

describe('innovative products and test purchases in korea', () => {
  let world: TenderWorld;
  let supplier: Bidder;
  let checker: Record<string, string>;
  let admin: Record<string, string>;
  let product: Product;
  const api = (path: string) => `/t/${world.slug}/api/v1${path}?lng=en`;
  const page = (path: string) => `/t/${world.slug}${path}?lng=en`;
  const designate = (auth: Record<string, string>, body: Record<string, unknown>) =>
    request(world.app).post(api('/innovation/products')).set(auth).send(body);
  const fields = (over: Record<string, unknown> = {}) => ({
    supplierId: supplier.supplierId,
    name_ko: '자율주행 배송 로봇',
    name_en: 'Autonomous delivery robot',
    description_ko: '실내 물품 배송용 로봇',
    description_en: 'A robot delivering supplies indoors',
    classification: '25101700',
    unit: 'unit',
    unitPrice: 25_000_000,
    evidence: 'NEP certification 2026-114; test report KTL-2026-0091: first indoor robot with lidar-free navigation.',
    designatedFrom: '2026-09-01',
    ...over,
  });
  const audit = (action: string) =>
    inTenant(world.tenant, (tx) =>
      tx('audit_entries').where({ action }).select<{ target_id: string; summary: Record<string, unknown> }[]>(),
    );

  before(async () => {
    world = await buildTenant('korea', { at: '2026-09-01T01:00:00Z' });
    supplier = await buildSupplier(world);
    checker = await tokenOf(world.tenant, `checker@${world.slug}.demo`);
    admin = await tokenOf(world.tenant, `tenant-admin@${world.slug}.demo`);
  });
  after(() => world.platform.close());

  it("designates a registered supplier's product, valid for as long as the tenant's rule says", async () => {
    const res = await designate(world.officer, fields()).expect(201);
    product = res.body as Product;
    assert.match(product.designationNo, /^IP-2026-\d{6}$/);
    // 36 months from 1 September 2026: the last day is 31 August 2029.
    assert.equal(product.designatedUntil, '2029-08-31');
    assert.deepEqual(product.appliedRules, ['innovative-products v1']);
    assert.equal(product.inForce, true);
    const [entry] = await audit('innovation.designated');
    assert.equal(entry!.target_id, product.id);
    const terms = await inTenant(world.tenant, (tx) =>
      tx('innovative_products').where({ id: product.id }).first<{ search_terms: string[] }>('search_terms'),
    );
    assert.ok(terms.search_terms.includes('robot'));
  });

  it('refuses a designation field by field, and one naming an unregistered supplier', async () => {
    const missing = await designate(world.officer, fields({ name_ko: '', unitPrice: 'abc', designatedFrom: '1/9/26' }));
    assert.equal(missing.status, 422);
    const failed = (missing.body as Problem).errors.map((e) => e.field).sort();
    assert.deepEqual(failed, ['designatedFrom', 'name_ko', 'unitPrice']);
    const unknown = await designate(world.officer, fields({ supplierId: '00000000-0000-4000-8000-000000000000' }));
    assert.equal(unknown.status, 422);
    assert.equal((unknown.body as Problem).errors[0]!.field, 'supplierId');
  });

  it('lets a tenant administrator designate too, but not a supplier', async () => {
    await designate(supplier.auth, fields()).expect(403);
    const later = await designate(admin, fields({ designatedFrom: '2026-12-01', name_en: 'Later robot' })).expect(201);
    assert.equal((later.body as Product).inForce, false);
  });

  it('lists only the designations in force for the public, with dates and prices in words', async () => {
    const list = await request(world.app).get(api('/innovation/products')).expect(200);
    const ids = (list.body as { products: Product[] }).products.map((p) => p.id);
    assert.deepEqual(ids, [product.id]);
    const html = await request(world.app).get(page('/innovation')).expect(200);
    assert.match(html.text, /Autonomous delivery robot/);
    assert.match(html.text, /August 31, 2029/);
    assert.doesNotMatch(html.text, /Later robot|2029-08-31/);
    const one = await request(world.app)
      .get(page(`/innovation/${product.id}`))
      .expect(200);
    assert.match(one.text, /lidar-free navigation/);
    assert.match(one.text, /₩500,000,000/);
    assert.doesNotMatch(one.text, /mall\/innovative/, 'no order form for the public');
  });

  it("shows a signed-in agency buyer the direct-order form with the agency's budget lines of this year", async () => {
    await inTenant(world.tenant, async (tx) => {
      const officer = await tx('users')
        .where({ email: `officer@${world.slug}.demo` })
        .first<{ agency_id: string }>('agency_id');
      await tx('budget_lines').insert([
        {
          agency_id: officer.agency_id,
          fiscal_year: 2026,
          code: 'IT-2026-01',
          label: { en: 'Equipment' },
          amount: 900_000_000,
        },
        {
          agency_id: officer.agency_id,
          fiscal_year: 2025,
          code: 'IT-2025-01',
          label: { en: 'Old year' },
          amount: 1_000,
        },
      ]);
    });
    const agent = await signIn(world.app, world.slug, `officer@${world.slug}.demo`);
    const html = await agent.get(page(`/innovation/${product.id}`)).expect(200);
    assert.match(html.text, new RegExp(`action="/t/${world.slug}/mall/innovative/${product.id}/orders"`));
    for (const name of ['quantity', 'budgetLineId', 'deliveryAddress', 'deliverBy', '_csrf'])
      assert.match(html.text, new RegExp(`name="${name}"`));
    assert.match(html.text, /IT-2026-01/);
    assert.doesNotMatch(html.text, /IT-2025-01/);
    // A refused test-purchase form comes back with its message, localized.
    const refused = await agent
      .post(page(`/innovation/${product.id}/test-purchases`))
      .type('form')
      .send({ _csrf: csrfFrom(html.text), quantity: '5', purpose: 'Try it in the warehouse' });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /test-purchase limit/);
    assert.match(refused.text, /Try it in the warehouse/);
    // So does a refused designation on the officers' desk, in the reader's language.
    const desk = await agent.get(page('/innovation/desk')).expect(200);
    const bad = await agent
      .post(`/t/${world.slug}/innovation/desk?lng=ko`)
      .type('form')
      .send({ _csrf: csrfFrom(desk.text), ...fields({ designatedFrom: 'next week', name_en: 'Typed robot' }) });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /날짜를 연-월-일 형식으로 입력하십시오/);
    assert.match(bad.text, /value="Typed robot"/);
  });

  let purchaseId: string;
  it('takes a test purchase within the limit and refuses one above it', async () => {
    const above = await request(world.app)
      .post(api(`/innovation/products/${product.id}/test-purchases`))
      .set(world.officer)
      .send({ quantity: 5, purpose: 'Pilot in two hospitals' });
    assert.equal(above.status, 422);
    assert.match((above.body as Problem).errors[0]!.message, /above the test-purchase limit/);
    const within = await request(world.app)
      .post(api(`/innovation/products/${product.id}/test-purchases`))
      .set(world.officer)
      .send({ quantity: 4, purpose: 'Pilot in two hospitals' })
      .expect(201);
    purchaseId = (within.body as { id: string }).id;
    assert.equal((within.body as { total: number }).total, 100_000_000);
    assert.equal((within.body as { orderId: string | null }).orderId, null);
    assert.equal((await audit('innovation.test-requested')).length, 1);
  });

  it('is decided by another officer than the one who asked', async () => {
    const decide = (auth: Record<string, string>, body: Record<string, unknown>) =>
      request(world.app)
        .post(api(`/innovation/test-purchases/${purchaseId}/decision`))
        .set(auth)
        .send(body);
    await decide(world.officer, { decision: 'approved' }).expect(409);
    await decide(supplier.auth, { decision: 'approved' }).expect(403);
    const noReason = await decide(checker, { decision: 'rejected' });
    assert.equal(noReason.status, 422);
    const approved = await decide(checker, { decision: 'approved', note: 'Within the pilot budget' }).expect(200);
    assert.equal((approved.body as { status: string }).status, 'approved');
    await decide(checker, { decision: 'approved' }).expect(409);
    assert.equal((await audit('innovation.test-approved')).length, 1);
  });

  it("records the agency's evaluation report, shown on its page and printable", async () => {
    const evaluate = (body: Record<string, unknown>) =>
      request(world.app)
        .post(api(`/innovation/test-purchases/${purchaseId}/evaluation`))
        .set(world.officer)
        .send(body);
    const bad = await evaluate({
      performance: 7,
      quality: 4,
      cost: 3,
      support: 5,
      findings: 'x',
      recommendation: 'maybe',
    });
    assert.equal(bad.status, 422);
    const report = {
      performance: 5,
      quality: 4,
      cost: 3,
      support: 4,
      findings: 'Delivered 1,200 parcels in a month without incident.',
      recommendation: 'adopt-with-changes',
    };
    const done = await evaluate(report).expect(200);
    assert.equal((done.body as { status: string }).status, 'evaluated');
    await evaluate(report).expect(409);
    const [entry] = await audit('innovation.test-evaluated');
    assert.equal(entry!.target_id, purchaseId);
    const agent = await signIn(world.app, world.slug, `checker@${world.slug}.demo`);
    const html = await agent.get(page(`/innovation/test-purchases/${purchaseId}`)).expect(200);
    assert.match(html.text, /Adopt with changes/);
    assert.match(html.text, /4 out of 5/);
    const print = await agent.get(page(`/innovation/test-purchases/${purchaseId}/print`)).expect(200);
    assert.match(print.text, /Test purchase evaluation report/);
    assert.match(print.text, /1,200 parcels/);
  });

  it('revokes a designation with its reason: it leaves the public list and page', async () => {
    await request(world.app)
      .post(api(`/innovation/products/${product.id}/revocation`))
      .set(world.officer)
      .send({ reason: 'Certification withdrawn' })
      .expect(200);
    await request(world.app)
      .post(api(`/innovation/products/${product.id}/revocation`))
      .set(world.officer)
      .send({ reason: 'Again' })
      .expect(409);
    const list = await request(world.app).get(api('/innovation/products')).expect(200);
    assert.deepEqual((list.body as { products: Product[] }).products, []);
    await request(world.app)
      .get(page(`/innovation/${product.id}`))
      .expect(404);
    const staff = await request(world.app)
      .get(api(`/innovation/products/${product.id}`))
      .set(world.officer);
    assert.equal((staff.body as Product).status, 'revoked');
    await request(world.app)
      .post(api(`/innovation/products/${product.id}/test-purchases`))
      .set(world.officer)
      .send({ quantity: 1, purpose: 'After revocation' })
      .expect(409);
    assert.equal((await audit('innovation.revoked')).length, 1);
  });

  it("never shows one tenant's designations or test purchases in another", async () => {
    const other = await world.platform.createTenant('korea', { demo: true });
    const otherTenant = (await world.platform.tenancy.resolve(other.slug))!;
    const officer = await tokenOf(otherTenant, `officer@${other.slug}.demo`);
    const otherApi = (path: string) => `/t/${other.slug}/api/v1${path}?lng=en`;
    const later = await request(world.app).get(api('/innovation/designations')).set(world.officer).expect(200);
    const ours = (later.body as { products: Product[] }).products;
    assert.equal(ours.length, 2);
    const theirs = await request(world.app).get(otherApi('/innovation/designations')).set(officer).expect(200);
    assert.deepEqual((theirs.body as { products: Product[] }).products, []);
    await request(world.app)
      .get(otherApi(`/innovation/products/${ours[0]!.id}`))
      .set(officer)
      .expect(404);
    await request(world.app)
      .get(otherApi(`/innovation/test-purchases/${purchaseId}`))
      .set(officer)
      .expect(404);
  });
});
