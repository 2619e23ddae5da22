import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import request from 'supertest';
import { issueApiToken } from '../../server/identity/api-tokens.js';
import { DEMO_PASSWORD } from '../../server/tenancy/seed.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { buildNotice, buildSupplier, buildTenant, type TenderWorld } from '../support/factories.js';
import { csrfFrom, freshTotp, signIn } from '../support/session.js';

async function bearer(world: TenderWorld, email: string): Promise<Record<string, string>> {
  return inTenant(world.tenant, async (tx) => {
    const user = await tx('users').where({ email }).first<{ id: string }>('id');
    return { Authorization: `Bearer ${(await issueApiToken(tx, user.id)).token}` };
  });
}

const DELIVERABLES = [
  { title: '노트북 40대', amount: 60_000_000, dueOn: '2026-11-30', safetyRelated: false },
  { title: '프린터 10대', amount: 28_000_000, dueOn: '2026-12-15', safetyRelated: true },
];

describe('contracts: generated from a final award, deposit, signatures, verification, amendment, termination', () => {
  let world: TenderWorld;
  let award: { awardId: string; amount: number };
  let supplier: Record<string, string>;
  let auditor: Record<string, string>;
  let contractId: string;
  let contractNo: string;
  const api = (p: string) => `/t/${world.slug}/api/v1${p}?lng=en`;
  const officerEmail = () => `officer@${world.slug}.demo`;
  const officerCode = () => freshTotp(`${world.slug}/${officerEmail()}`);
  const signatureCount = () =>
    inTenant(world.tenant, async (tx) => Number((await tx('contract_signatures').count({ n: '*' }))[0]!.n));

  before(async () => {
    world = await buildTenant('korea', { at: '2026-09-01T01:00:00Z' });
    // The demo supplier wins at 88,000,000: estimated at 95,000,000, its bid clears the award floor.
    const demo = await buildSupplier(world, { demo: true });
    const notice = await buildNotice(world, {
      state: 'awarded',
      fields: {
        estimatedPrice: 95_000_000,
        baseAmount: 95_000_000,
        submissionDeadline: '2026-09-10T10:00',
        openingAt: '2026-09-10T11:00',
      },
      bids: [{ by: demo, price: 88_000_000 }, 93_000_000],
    });
    award = { awardId: notice.award!.id, amount: notice.award!.amount };
    supplier = demo.auth;
    auditor = await bearer(world, `auditor@${world.slug}.demo`);
  });
  after(() => world.platform.close());

  const generate = (body: Record<string, unknown>) =>
    request(world.app)
      .post(api('/contracts'))
      .set(world.officer)
      .send({
        awardId: award.awardId,
        startsOn: '2026-10-01',
        endsOn: '2026-12-31',
        deliverables: DELIVERABLES,
        ...body,
      });

  it('refuses to generate a contract from an award that is not final', async () => {
    await inTenant(world.tenant, (tx) => tx('awards').where({ id: award.awardId }).update({ status: 'standstill' }));
    const res = await generate({}).expect(409);
    assert.match(res.body.title as string, /only from a final award.*standstill/);
    await inTenant(world.tenant, (tx) => tx('awards').where({ id: award.awardId }).update({ status: 'final' }));
    assert.equal(await inTenant(world.tenant, async (tx) => (await tx('contracts').count({ n: '*' }))[0]!.n), '0');
  });

  it('refuses deliverables that do not add up to the award amount, field by field', async () => {
    const res = await generate({
      deliverables: [DELIVERABLES[0], { ...DELIVERABLES[1], amount: 20_000_000, dueOn: '2027-02-01' }],
    }).expect(422);
    const errors = res.body.errors as { field: string; message: string }[];
    assert.match(errors.find((e) => e.field === 'deliverables')!.message, /add up to ₩80,000,000.*₩88,000,000/);
    assert.match(errors.find((e) => e.field === 'deliverables.1.dueOn')!.message, /within the contract period/);
  });

  it('generates the contract: number, canonical content hash, the deposit of rule contract-deposit v1, mail to the supplier', async () => {
    const res = await generate({}).expect(201);
    contractId = res.body.id as string;
    contractNo = res.body.contractNo as string;
    assert.match(contractNo, /^C26-\d{6}$/);
    assert.equal(res.body.status, 'awaiting-signatures');
    assert.equal(res.body.value, award.amount);
    const hash = createHash('sha256').update(canonicalize(res.body.content)!).digest('hex');
    assert.equal(res.body.contentHash, hash);
    assert.deepEqual(res.body.deposit, {
      percent: 10,
      amount: 8_800_000,
      rules: ['contract-deposit v1'],
      recorded: null,
    });
    assert.equal(res.body.content.parties.supplier.registrationNo, 'DEMO-0001');
    assert.deepEqual(
      (res.body.deliverables as { title: string; safetyRelated: boolean }[]).map((d) => [d.title, d.safetyRelated]),
      [
        ['노트북 40대', false],
        ['프린터 10대', true],
      ],
    );
    const { mail, audit } = await inTenant(world.tenant, async (tx) => ({
      mail: await tx('outbound_emails')
        .where({ recipient: `supplier@${world.slug}.demo` })
        .whereLike('subject', `%${contractNo}%`)
        .first<{ locale: string; body_text: string }>(),
      audit: await tx('audit_entries').where({ action: 'contract.generated', target_id: contractId }).first(),
    }));
    assert.equal(mail.locale, 'ko');
    assert.match(mail.body_text, /계약보증금 ₩8,800,000\(10 % — 계약보증금 \(제1판\)\)/);
    assert.ok(audit);
    await generate({}).expect(409);
    // Not public before both parties sign.
    await request(world.app)
      .get(api(`/contracts/${contractId}`))
      .expect(404);
    const listed = await request(world.app).get(api('/contracts')).expect(200);
    assert.deepEqual(listed.body.contracts, []);
  });

  it('shows the deposit with the rule that set it on the contract page', async () => {
    const page = await signIn(world.app, world.slug, `supplier@${world.slug}.demo`);
    const html = (await page.get(`/t/${world.slug}/contracts/${contractId}?lng=en`).expect(200)).text;
    assert.match(html, /contract deposit 10 % — Contract deposit \(version 1\)/);
    assert.match(html, /name="password"/);
    assert.match(html, /Record the contract deposit/);
  });

  it('refuses a deposit below the amount the rule asks, naming the rule', async () => {
    const res = await request(world.app)
      .post(api(`/contracts/${contractId}/deposit`))
      .set(supplier)
      .send({
        kind: 'bank-guarantee',
        issuer: 'KB Bank',
        reference: 'G-1',
        amount: 4_400_000,
        validUntil: '2027-01-31',
      })
      .expect(422);
    const amount = (res.body.errors as { field: string; message: string }[]).find((e) => e.field === 'amount')!;
    assert.match(amount.message, /at least ₩8,800,000 \(10 % — .*Contract deposit \(version 1\).*\)/);
  });

  it('refuses the agency signature before the deposit, then records the deposit', async () => {
    const early = await request(world.app)
      .post(api(`/contracts/${contractId}/signatures`))
      .set(world.officer)
      .send({ password: DEMO_PASSWORD, code: '123456' })
      .expect(409);
    assert.match(early.body.title as string, /must record the contract deposit \(₩8,800,000\) before the agency signs/);
    await request(world.app)
      .post(api(`/contracts/${contractId}/deposit`))
      .set(supplier)
      .send({
        kind: 'bank-guarantee',
        issuer: 'KB Bank',
        reference: 'G-2',
        amount: 8_800_000,
        validUntil: '2027-01-31',
      })
      .expect(201);
    assert.equal(await signatureCount(), 0);
  });

  it('refuses a signature with a wrong password and records none', async () => {
    const res = await request(world.app)
      .post(api(`/contracts/${contractId}/signatures`))
      .set(supplier)
      .send({ password: 'not the password' })
      .expect(422);
    assert.equal((res.body.errors as { field: string }[])[0]!.field, 'password');
    assert.equal(await signatureCount(), 0);
    const refused = await inTenant(world.tenant, (tx) =>
      tx('audit_entries').where({ action: 'contract.sign-refused', target_id: contractId }).first(),
    );
    assert.ok(refused);
  });

  it("asks for the officer's second factor, refuses a wrong code, and records none", async () => {
    const missing = await request(world.app)
      .post(api(`/contracts/${contractId}/signatures`))
      .set(world.officer)
      .send({ password: DEMO_PASSWORD })
      .expect(422);
    assert.match((missing.body.errors as { field: string; message: string }[])[0]!.message, /two-step verification/);
    const wrong = await request(world.app)
      .post(api(`/contracts/${contractId}/signatures`))
      .set(world.officer)
      .send({ password: DEMO_PASSWORD, code: '000000' })
      .expect(422);
    assert.equal((wrong.body.errors as { field: string }[])[0]!.field, 'code');
    assert.equal(await signatureCount(), 0);
  });

  it('signs for both parties (the supplier on its page); signing twice is refused; both signed makes it active', async function () {
    this.timeout(120_000);
    const page = await signIn(world.app, world.slug, `supplier@${world.slug}.demo`);
    const form = await page.get(`/t/${world.slug}/contracts/${contractId}?lng=en`).expect(200);
    const wrong = await page
      .post(`/t/${world.slug}/contracts/${contractId}/sign?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), password: 'wrong password' })
      .expect(422);
    assert.match(wrong.text, /The password is not correct/);
    await page
      .post(`/t/${world.slug}/contracts/${contractId}/sign?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(wrong.text), password: DEMO_PASSWORD })
      .expect(303);
    const twice = await request(world.app)
      .post(api(`/contracts/${contractId}/signatures`))
      .set(supplier)
      .send({ password: DEMO_PASSWORD })
      .expect(409);
    assert.match(twice.body.title as string, /already signed version 1/);
    assert.equal(await signatureCount(), 1);

    const agency = await request(world.app)
      .post(api(`/contracts/${contractId}/signatures`))
      .set(world.officer)
      .send({ password: DEMO_PASSWORD, code: await officerCode() })
      .expect(201);
    assert.equal(agency.body.party, 'agency');
    assert.equal(agency.body.status, 'active');
    assert.match(agency.body.keyId as string, /^[0-9a-f]{16}$/);
    // Concluded: public, without the guarantee's details.
    const contract = await request(world.app)
      .get(api(`/contracts/${contractId}`))
      .expect(200);
    assert.equal(contract.body.status, 'active');
    assert.equal((contract.body.signatures as unknown[]).length, 2);
    assert.equal(contract.body.deposit.recorded, null);
    const listed = await request(world.app).get(api('/contracts')).expect(200);
    assert.deepEqual(
      (listed.body.contracts as { contractNo: string }[]).map((c) => c.contractNo),
      [contractNo],
    );
  });

  it('verifies every signature for the auditor, and reports content changed after signing', async () => {
    const ok = await request(world.app)
      .get(api(`/contracts/${contractId}/verification`))
      .set(auditor)
      .expect(200);
    assert.equal(ok.body.contentIntact, true);
    assert.deepEqual(
      (ok.body.signatures as { verdict: string }[]).map((s) => s.verdict),
      ['valid', 'valid'],
    );
    await request(world.app)
      .get(api(`/contracts/${contractId}/verification`))
      .set(supplier)
      .expect(403);

    const original = await inTenant(world.tenant, (tx) => tx('contracts').where({ id: contractId }).first('content'));
    await inTenant(world.tenant, (tx) =>
      tx.raw(`update contracts set content = jsonb_set(content, '{value}', '1') where id = ?`, [contractId]),
    );
    const tampered = await request(world.app)
      .get(api(`/contracts/${contractId}/verification`))
      .set(auditor)
      .expect(200);
    assert.equal(tampered.body.contentIntact, false);
    assert.deepEqual(
      (tampered.body.signatures as { verdict: string }[]).map((s) => s.verdict),
      ['content-changed', 'content-changed'],
    );
    const auditorPage = await signIn(world.app, world.slug, `auditor@${world.slug}.demo`);
    const html = (await auditorPage.get(`/t/${world.slug}/contracts/${contractId}/verify?lng=en`).expect(200)).text;
    assert.match(html, /Changed after it was hashed/);
    assert.match(html, /Content changed since signing/);

    await inTenant(world.tenant, async (tx) => {
      await tx('contracts')
        .where({ id: contractId })
        .update({ content: JSON.stringify(original.content) });
      await tx('contract_signatures')
        .where({ contract_id: contractId, party: 'supplier' })
        .update({ signer_name: 'Mallory' });
    });
    const forged = await request(world.app)
      .get(api(`/contracts/${contractId}/verification`))
      .set(auditor)
      .expect(200);
    assert.deepEqual(
      (forged.body.signatures as { party: string; verdict: string }[]).map((s) => [s.party, s.verdict]),
      [
        ['supplier', 'signature-invalid'],
        ['agency', 'valid'],
      ],
    );
    await inTenant(world.tenant, (tx) =>
      tx('contract_signatures')
        .where({ contract_id: contractId, party: 'supplier' })
        .update({ signer_name: '시연 공급자' }),
    );
    const restored = await request(world.app)
      .get(api(`/contracts/${contractId}/verification`))
      .set(auditor)
      .expect(200);
    assert.equal(restored.body.allValid, true);
  });

  it('amends the contract: a new version with a new hash that both parties must sign again', async function () {
    this.timeout(120_000);
    const before = await request(world.app)
      .get(api(`/contracts/${contractId}`))
      .expect(200);
    const bad = await request(world.app)
      .post(api(`/contracts/${contractId}/amendments`))
      .set(world.officer)
      .send({ reason: 'More printers', value: 90_000_000 })
      .expect(422);
    assert.match((bad.body.errors as { message: string }[])[0]!.message, /add up to ₩88,000,000.*₩90,000,000/);

    const res = await request(world.app)
      .post(api(`/contracts/${contractId}/amendments`))
      .set(world.officer)
      .send({
        reason: 'Delivery site under renovation',
        endsOn: '2027-02-28',
        deliverables: [{ number: 2, dueOn: '2027-02-15' }],
      })
      .expect(201);
    assert.deepEqual([res.body.number, res.body.version], [1, 2]);
    assert.notEqual(res.body.contentHash, before.body.contentHash);
    const after = await request(world.app)
      .get(api(`/contracts/${contractId}`))
      .set(supplier)
      .expect(200);
    assert.equal(after.body.status, 'awaiting-signatures');
    assert.equal(after.body.endsOn, '2027-02-28');
    assert.equal((after.body.deliverables as { dueOn: string }[])[1]!.dueOn, '2027-02-15');
    assert.equal(after.body.contentHash, createHash('sha256').update(canonicalize(after.body.content)!).digest('hex'));
    const amendment = await inTenant(world.tenant, (tx) =>
      tx('audit_entries').where({ action: 'contract.amended', target_id: contractId }).first(),
    );
    assert.ok(amendment);

    // The version-1 signatures still verify against the content they signed.
    const report = await request(world.app)
      .get(api(`/contracts/${contractId}/verification`))
      .set(auditor)
      .expect(200);
    assert.deepEqual(
      (report.body.signatures as { version: number; verdict: string; current: boolean }[]).map((s) => [
        s.version,
        s.verdict,
        s.current,
      ]),
      [
        [1, 'valid', false],
        [1, 'valid', false],
      ],
    );
    await request(world.app)
      .post(api(`/contracts/${contractId}/signatures`))
      .set(supplier)
      .send({ password: DEMO_PASSWORD })
      .expect(201);
    const signed = await request(world.app)
      .post(api(`/contracts/${contractId}/signatures`))
      .set(world.officer)
      .send({ password: DEMO_PASSWORD, code: await officerCode() })
      .expect(201);
    assert.deepEqual([signed.body.version, signed.body.status], [2, 'active']);
  });

  it('terminates the contract with a reason and tells the supplier; nothing can be signed after', async () => {
    await request(world.app)
      .post(api(`/contracts/${contractId}/terminate`))
      .set(supplier)
      .send({ reason: 'x' })
      .expect(403);
    await request(world.app)
      .post(api(`/contracts/${contractId}/terminate`))
      .set(world.officer)
      .send({ reason: 'Supplier ceased trading' })
      .expect(204);
    const res = await request(world.app)
      .get(api(`/contracts/${contractId}`))
      .expect(200);
    assert.equal(res.body.status, 'terminated');
    assert.equal(res.body.terminationReason, 'Supplier ceased trading');
    const mail = await inTenant(world.tenant, (tx) =>
      tx('outbound_emails')
        .where({ recipient: `supplier@${world.slug}.demo` })
        .whereLike('body_text', '%Supplier ceased trading%')
        .first(),
    );
    assert.ok(mail);
    await request(world.app)
      .post(api(`/contracts/${contractId}/terminate`))
      .set(world.officer)
      .send({ reason: 'again' })
      .expect(409);
    await request(world.app)
      .post(api(`/contracts/${contractId}/deposit`))
      .set(supplier)
      .send({ kind: 'cash', issuer: 'Treasury', reference: 'C-1', amount: 8_800_000 })
      .expect(409);
  });
});
