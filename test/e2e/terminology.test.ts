import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import type { Services } from '../../server/services.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';

/** Queues the "bids opened" e-mail through the mailer every feature uses; returns its subject. */
async function openedMailSubject(services: Services, tenant: TenantHandle, locale: string): Promise<string> {
  return inTenant(tenant, async (tx) => {
    const id = await services.mailer.queue(tx, tenant, {
      to: `reader-${locale}@example.test`,
      locale,
      template: 'tender_opened',
      params: { name: 'Reader', notice: 'KRG-2026-0042' },
    });
    const row = await tx('outbound_emails').where({ id }).first<{ subject: string }>('subject');
    return row.subject;
  });
}

describe('per-tenant terminology on pages and in e-mails', () => {
  let platform: TestPlatform;
  let app: Express;
  let services: Services;
  let kurdish: TenantHandle;
  let korean: TenantHandle;
  before(async () => {
    platform = await testPlatform();
    // Made from the shipped configs: the kurdistan one carries a terminology example, korea none.
    const k = await platform.createTenant('kurdistan');
    const r = await platform.createTenant('korea');
    app = await platform.app();
    services = await platform.services();
    kurdish = (await platform.tenancy.resolve(k.slug))!;
    korean = (await platform.tenancy.resolve(r.slug))!;
  });
  after(() => platform.close());

  it("shows the tenant's own term on its pages, in Kurdish and in English", async () => {
    const ckb = await request(app).get(`/t/${kurdish.slug}/notices`).expect(200);
    assert.match(ckb.text, /<html lang="ckb" dir="rtl">/);
    assert.match(ckb.text, /ئاگادارییەکانی مناقەسە/);
    assert.doesNotMatch(ckb.text, /ڕاگەیاندنەکانی تەندەر/);
    const en = await request(app).get(`/t/${kurdish.slug}/notices?lng=en`).expect(200);
    assert.match(en.text, /<h1[^>]*>Tender announcements<\/h1>/);
    assert.doesNotMatch(en.text, /Bid notices/);
    // Where it has no override (Arabic), the shipped translation.
    const ar = await request(app).get(`/t/${kurdish.slug}/notices?lng=ar`).expect(200);
    assert.match(ar.text, /إعلانات المناقصات/);
  });

  it('uses it in the navigation of every page', async () => {
    const res = await request(app).get(`/t/${kurdish.slug}/?lng=en`).expect(200);
    assert.match(res.text, /<a href="\/t\/[^"]+\/notices">Tender announcements<\/a>/);
  });

  it("writes the tenant's term into its e-mails, in the recipient's language", async () => {
    assert.equal(
      await openedMailSubject(services, kurdish, 'en'),
      'Tender announcement KRG-2026-0042: the bids have been opened',
    );
    // In a right-to-left language the Latin notice number is isolated (FSI … PDI), keeping the order.
    assert.equal(
      await openedMailSubject(services, kurdish, 'ckb'),
      'ئۆفەرەکانی مناقەسەی \u2068KRG-2026-0042\u2069 کرانەوە',
    );
    assert.equal(
      await openedMailSubject(services, kurdish, 'ar'),
      services.i18n.t('mail:tender_opened_subject', { lng: 'ar', notice: '\u2068KRG-2026-0042\u2069' }),
    );
  });

  it('leaves another tenant with the shipped texts', async () => {
    const en = await request(app).get(`/t/${korean.slug}/notices?lng=en`).expect(200);
    assert.match(en.text, /<h1[^>]*>Bid notices<\/h1>/);
    assert.doesNotMatch(en.text, /Tender announcements/);
    assert.equal(await openedMailSubject(services, korean, 'en'), 'Notice KRG-2026-0042 has been opened');
  });
});
