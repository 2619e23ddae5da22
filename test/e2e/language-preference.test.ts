import assert from 'node:assert/strict';
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';
import { signIn } from '../support/session.js';

const langOf = (html: string) => /<html lang="([^"]+)" dir="([^"]+)"/.exec(html)!.slice(1);

describe('language choice', () => {
  let platform: TestPlatform;
  let slug: string;
  before(async () => {
    platform = await testPlatform();
    slug = (await platform.createTenant('kurdistan', { demo: true })).slug;
  });
  after(() => platform.close());

  it('reads Central Kurdish right to left by default, and follows Accept-Language within the tenant languages', async () => {
    const app = await platform.app();
    assert.deepEqual(langOf((await request(app).get(`/t/${slug}/`).expect(200)).text), ['ckb', 'rtl']);
    const arabic = await request(app).get(`/t/${slug}/`).set('Accept-Language', 'ar-IQ,ar;q=0.9').expect(200);
    assert.deepEqual(langOf(arabic.text), ['ar', 'rtl']);
    // The weekend is named and joined in Arabic, with no Latin comma.
    assert.match(arabic.text, /<dd>الجمعة والسبت<\/dd>/);
    assert.match(arabic.text, /<dd>التوقيت العربي الرسمي <bdi dir="ltr">\(Asia\/Baghdad\)<\/bdi><\/dd>/);
    const khmer = await request(app).get(`/t/${slug}/`).set('Accept-Language', 'km').expect(200);
    assert.deepEqual(langOf(khmer.text), ['ckb', 'rtl']);
  });

  it('keeps a switch made while signed out in a cookie', async () => {
    const agent = request.agent(await platform.app());
    await agent.get(`/t/${slug}/?lng=en`).expect(200);
    assert.deepEqual(langOf((await agent.get(`/t/${slug}/`).expect(200)).text), ['en', 'ltr']);
  });

  it("saves a signed-in user's switch as their preference: it follows them to a new session", async () => {
    const app = await platform.app();
    const email = `supplier@${slug}.demo`;
    const first = await signIn(app, slug, email);
    assert.deepEqual(langOf((await first.get(`/t/${slug}/?lng=ar`).expect(200)).text), ['ar', 'rtl']);
    const saved = await inTenant((await platform.tenancy.resolve(slug))!, (tx) =>
      tx('users').where({ email }).first<{ locale: string }>('locale'),
    );
    assert.equal(saved?.locale, 'ar');
    const second = await signIn(app, slug, email);
    const page = await second.get(`/t/${slug}/`).set('Accept-Language', 'en').expect(200);
    assert.deepEqual(langOf(page.text), ['ar', 'rtl']);
    // The whole page follows the saved preference, the tenant's name in the header included.
    assert.match(page.text, new RegExp(`<bdi>نظام المشتريات الإلكترونية في كردستان \\(${slug}\\)</bdi>`));
    assert.doesNotMatch(page.text, /Kurdistan E-Procurement System/);
  });
});
