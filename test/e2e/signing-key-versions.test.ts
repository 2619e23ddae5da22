import assert from 'node:assert/strict';
import request from 'supertest';
import { newDataKeyFromCli } from '../../server/cli/key-commands.js';
import { issueApiToken } from '../../server/identity/api-tokens.js';
import { DEMO_PASSWORD } from '../../server/tenancy/seed.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { finalAward } from '../support/award-fixture.js';
import { freshTotp, signIn } from '../support/session.js';
import { tenderWorld, type TenderWorld } from '../support/tender.js';

async function bearer(world: TenderWorld, email: string): Promise<Record<string, string>> {
  return inTenant(world.tenant, async (tx) => {
    const user = await tx('users').where({ email }).first<{ id: string }>('id');
    return { Authorization: `Bearer ${(await issueApiToken(tx, user.id)).token}` };
  });
}

interface Verification {
  allValid: boolean;
  publicKeys: { keyId: string; version: number }[];
  signatures: { version: number; keyId: string; keyVersion: number | null; verdict: string }[];
}

describe('signing key versions: a new data key signs from then on, earlier signatures verify with theirs', () => {
  let world: TenderWorld;
  let supplier: Record<string, string>;
  let auditor: Record<string, string>;
  let contractId: string;
  const api = (p: string) => `/t/${world.slug}/api/v1${p}?lng=en`;
  const officerEmail = () => `officer@${world.slug}.demo`;

  /** Both parties sign the current version; the officer with the TOTP sealed when the tenant was made. */
  const signBoth = async () => {
    await request(world.app)
      .post(api(`/contracts/${contractId}/signatures`))
      .set(supplier)
      .send({ password: DEMO_PASSWORD })
      .expect(201);
    const signed = await request(world.app)
      .post(api(`/contracts/${contractId}/signatures`))
      .set(world.officer)
      .send({ password: DEMO_PASSWORD, code: await freshTotp(`${world.slug}/${officerEmail()}`) })
      .expect(201);
    return signed.body as { keyId: string; version: number };
  };

  before(async () => {
    world = await tenderWorld('korea', '2026-09-01T01:00:00Z');
    const award = await finalAward(world);
    supplier = await bearer(world, `supplier@${world.slug}.demo`);
    auditor = await bearer(world, `auditor@${world.slug}.demo`);
    const contract = await request(world.app)
      .post(api('/contracts'))
      .set(world.officer)
      .send({
        awardId: award.awardId,
        startsOn: '2026-10-01',
        endsOn: '2026-12-31',
        deliverables: [
          { title: '노트북 40대', amount: 60_000_000, dueOn: '2026-11-30', safetyRelated: false },
          { title: '프린터 10대', amount: 28_000_000, dueOn: '2026-12-15', safetyRelated: true },
        ],
      })
      .expect(201);
    contractId = contract.body.id as string;
    await request(world.app)
      .post(api(`/contracts/${contractId}/deposit`))
      .set(supplier)
      .send({
        kind: 'bank-guarantee',
        issuer: 'KB Bank',
        reference: 'G-1',
        amount: 8_800_000,
        validUntil: '2027-01-31',
      })
      .expect(201);
  });
  after(() => world.platform.close());

  it('signs version 1 with data key 1, version 2 (after new-data-key) with data key 2, and verifies each with its own', async () => {
    const first = await signBoth();
    const lines = await newDataKeyFromCli(world.platform, world.slug);
    assert.match(lines[0]!, /now seals and signs with data key v2/);
    const created = await inTenant(world.tenant, (tx) =>
      tx('audit_entries').where({ action: 'data-key.created' }).first<{ summary: { version: number } }>('summary'),
    );
    assert.equal(created.summary.version, 2);

    await request(world.app)
      .post(api(`/contracts/${contractId}/amendments`))
      .set(world.officer)
      .send({ reason: 'Delivery site under renovation', endsOn: '2027-02-28' })
      .expect(201);
    const second = await signBoth();
    assert.equal(second.version, 2);
    assert.notEqual(second.keyId, first.keyId);

    const report = (
      await request(world.app)
        .get(api(`/contracts/${contractId}/verification`))
        .set(auditor)
        .expect(200)
    ).body as Verification;
    assert.equal(report.allValid, true);
    assert.deepEqual(
      report.signatures.map((s) => [s.version, s.keyVersion, s.keyId, s.verdict]),
      [
        [1, 1, first.keyId, 'valid'],
        [1, 1, first.keyId, 'valid'],
        [2, 2, second.keyId, 'valid'],
        [2, 2, second.keyId, 'valid'],
      ],
    );
    assert.deepEqual(
      report.publicKeys.map((k) => [k.version, k.keyId]),
      [
        [2, second.keyId],
        [1, first.keyId],
      ],
    );

    const page = await signIn(world.app, world.slug, `auditor@${world.slug}.demo`);
    const html = (await page.get(`/t/${world.slug}/contracts/${contractId}/verify?lng=en`).expect(200)).text;
    assert.ok(html.includes(first.keyId) && html.includes(second.keyId));
  });

  it('publishes every version of the tenant signing keys to anyone, newest first', async () => {
    const res = await request(world.app).get(`/t/${world.slug}/api/v1/signing-keys`).expect(200);
    const keys = (
      res.body as {
        algorithm: string;
        keys: { purpose: string; version: number; current: boolean; publicKey: string }[];
      }
    ).keys;
    assert.equal(res.body.algorithm, 'Ed25519');
    assert.deepEqual(
      keys.map((k) => [k.purpose, k.version, k.current]),
      [
        ['contract-signing', 2, true],
        ['contract-signing', 1, false],
        ['audit-head-signing', 2, true],
        ['audit-head-signing', 1, false],
      ],
    );
    assert.ok(keys.every((k) => Buffer.from(k.publicKey, 'base64').length === 32));
  });
});
