import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Express } from 'express';
import request from 'supertest';
import { LANGUAGES, type Language } from '../../server/i18n/languages.js';
import type { Slug } from '../../server/tenancy/slug.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';

const portal = (lng: Language) =>
  JSON.parse(readFileSync(`locales/${lng}/portal.json`, 'utf8')) as Record<string, string>;

/** Each shipped partner's languages: together they are all eight. */
const TEMPLATES = ['kurdistan', 'vietnam', 'cambodia', 'korea', 'timor-leste'] as const;

describe('the tenant identity: emblem, footer, help and privacy pages, favicon', () => {
  let platform: TestPlatform;
  let app: Express;
  const slugs = new Map<string, string>();
  before(async () => {
    platform = await testPlatform();
    for (const template of TEMPLATES) slugs.set(template, (await platform.createTenant(template)).slug);
    app = await platform.app();
  });
  after(() => platform.close());

  const tenantFor = (lng: Language) =>
    TEMPLATES.find((t) => platform.tenancy.configs.get(t as Slug)?.locales.supported.includes(lng))!;

  it('covers all eight languages with the shipped partners', () => {
    for (const lng of LANGUAGES) assert.ok(tenantFor(lng), `a partner offers ${lng}`);
  });

  for (const lng of LANGUAGES) {
    it(`shows the help and privacy pages in ${lng}, naming the operator and its call center`, async () => {
      const template = tenantFor(lng);
      const config = platform.tenancy.configs.get(template as Slug)!;
      const base = `/t/${slugs.get(template)!}`;
      const texts = portal(lng);
      const help = await request(app).get(`${base}/help?lng=${lng}`).expect(200);
      assert.match(help.text, new RegExp(`<html lang="${lng}"`));
      for (const key of ['help_title', 'help_find_title', 'help_bid_title', 'help_contact_text'])
        assert.ok(help.text.includes(texts[key]!), `help shows ${key}`);
      assert.ok(help.text.includes(config.contact!.callCenter));
      assert.doesNotMatch(help.text, /portal:|help_\w+_text/, 'no raw key');

      const privacy = await request(app).get(`${base}/privacy?lng=${lng}`).expect(200);
      for (const key of ['privacy_title', 'privacy_collect_text', 'privacy_cookies_text', 'privacy_rights_text'])
        assert.ok(privacy.text.includes(texts[key]!.replace(/'/g, '&#x27;')), `privacy shows ${key}`);
      const operator = config.contact!.operator[lng] ?? config.contact!.operator[config.locales.default]!;
      assert.ok(privacy.text.includes(operator.replace(/'/g, '&#x27;')), 'the operator is named');
      assert.doesNotMatch(privacy.text, /portal:|privacy_\w+_text/, 'no raw key');
    });
  }

  it('puts the emblem in the header and the operator’s contacts in every page’s footer', async () => {
    const home = await request(app)
      .get(`/t/${slugs.get('kurdistan')!}/?lng=en`)
      .expect(200);
    assert.match(home.text, /<link rel="icon" href="\/static\/emblems\/kurdistan.svg" type="image\/svg\+xml" \/>/);
    assert.match(home.text, /class="site-header__emblem" src="\/static\/emblems\/kurdistan.svg"/);
    assert.match(home.text, /Ministry of Planning, Kurdistan Regional Government/);
    assert.match(home.text, /<a href="tel:\+964660000000" dir="ltr">\+964 66 000 0000<\/a>/);
    assert.match(home.text, /href="mailto:help@keps.example"/);
    assert.match(home.text, new RegExp(`href="/t/${slugs.get('kurdistan')!}/help"`));
    assert.match(home.text, new RegExp(`href="/t/${slugs.get('kurdistan')!}/privacy"`));
    const emblem = await request(app).get('/static/emblems/kurdistan.svg').expect(200);
    assert.match(String(emblem.headers['content-type']), /image\/svg\+xml/);
  });

  it('keeps the pages free of inline scripts and styles, under the strict policy', async () => {
    for (const path of ['/', '/help', '/privacy']) {
      const res = await request(app)
        .get(`/t/${slugs.get('vietnam')!}${path}`)
        .expect(200);
      assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
      assert.doesNotMatch(res.text, /<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle="|\son[a-z]+="/i);
    }
  });

  it('answers /favicon.ico with an icon, on the platform and on a tenant’s own host', async () => {
    for (const host of [undefined, 'keps.localhost']) {
      const req = request(app).get('/favicon.ico');
      const res = await (host ? req.set('Host', host) : req).buffer(true).expect(200);
      assert.match(String(res.headers['content-type']), /image\/(vnd\.microsoft\.icon|x-icon)/);
      assert.deepEqual([...(res.body as Buffer).subarray(0, 4)], [0, 0, 1, 0], 'an ICO file');
    }
  });
});
