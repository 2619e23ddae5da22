/**
 * What a process keeps per tenant (tenancy/tenant-caches.ts) is never served to another tenant:
 * three tenants — two made from the same template (same currency and languages, their own names)
 * and one from another (other currency, languages and time zone) — ask, in turn and again, for
 * what each cache holds: the registry lookup, the config made from a template, the OpenAPI
 * document, the home page (Intl names in the tenant's zone and language), the session middleware
 * of its path, and its opened data keys (the signing keys it publishes, a value sealed for it).
 */
import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { assertSlug } from '../../server/tenancy/slug.js';
import { tenantCacheSizes } from '../../server/tenancy/tenant-caches.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';

interface Tenant {
  slug: string;
  /** Where its pages are: /t/<slug>, or the root of its own host. */
  base: string;
  host?: string;
  /** Its name in its default language (pages) and in English (the OpenAPI document's title). */
  name: string;
  englishName: string;
  language: string;
  currency: string;
  titleField: string;
}

describe('tenant-keyed caches', () => {
  let platform: TestPlatform;
  let app: Express;
  let tenants: Tenant[];
  before(async () => {
    platform = await testPlatform();
    // The shipped partners by their real slugs, on their own hosts (the base path is the same for
    // both); created once per run database.
    for (const slug of ['korea', 'kurdistan']) {
      if (!(await platform.tenancy.registry.find(slug))) await platform.provisioning.create(slug, { demo: false });
    }
    const shipped = (slug: string) => platform.tenancy.configs.get(assertSlug(slug))!;
    const named = (template: string, slug: string, own: boolean) => {
      const { names, locales } = shipped(template);
      const suffix = own ? '' : ` (${slug})`;
      return { name: `${names[locales.default]}${suffix}`, englishName: `${names.en}${suffix}` };
    };
    const korean = { language: 'ko', currency: 'KRW', titleField: 'title_ko' };
    const kurdish = { language: 'ckb', currency: 'IQD', titleField: 'title_ckb' };
    const made = async (template: string) => {
      const { slug } = await platform.createTenant(template);
      return { slug, base: `/t/${slug}`, ...named(template, slug, false) };
    };
    tenants = [
      { ...(await made('korea')), ...korean },
      { ...(await made('kurdistan')), ...kurdish },
      { ...(await made('korea')), ...korean },
      { slug: 'korea', base: '', host: 'koneps.localhost', ...named('korea', 'korea', true), ...korean },
      { slug: 'kurdistan', base: '', host: 'keps.localhost', ...named('kurdistan', 'kurdistan', true), ...kurdish },
    ];
    app = await platform.app();
  });
  after(() => platform.close());

  const get = (tenant: Tenant, url: string) => {
    const req = request(app).get(`${tenant.base}${url}`);
    return tenant.host ? req.set('Host', tenant.host) : req;
  };

  /** Each tenant three times, in turn, so every answer after the first comes from a warm cache. */
  const inTurn = () => [...tenants, ...tenants, ...tenants];

  it('describes each tenant as itself (registry lookups, configs made from templates)', async () => {
    for (const tenant of inTurn()) {
      const res = await get(tenant, '/api/v1/tenant').expect(200);
      const body = res.body as { instanceSlug: string; name: string; currency: string; defaultLanguage: string };
      assert.equal(body.instanceSlug, tenant.slug);
      assert.equal(body.name, tenant.name);
      assert.equal(body.currency, tenant.currency);
      assert.equal(body.defaultLanguage, tenant.language);
    }
  });

  it("serves each tenant its own OpenAPI document, built once: its name, its path, its languages' fields", async () => {
    const first = new Map<string, string>();
    for (const tenant of inTurn()) {
      const res = await get(tenant, '/api/v1/openapi.json').expect(200);
      const document = res.body as { info: { title: string }; servers: { url: string }[] };
      assert.equal(document.info.title, `${tenant.englishName} API`);
      assert.deepEqual(
        document.servers.map((s) => s.url),
        [`${tenant.base}/api/v1`],
      );
      assert.ok(res.text.includes(`"${tenant.titleField}"`), `${tenant.slug}'s document has no ${tenant.titleField}`);
      const other = tenant.titleField === 'title_ko' ? 'title_ckb' : 'title_ko';
      assert.ok(!res.text.includes(`"${other}"`), `${tenant.slug}'s document has ${other}`);
      if (first.has(tenant.slug)) assert.equal(res.text, first.get(tenant.slug));
      else first.set(tenant.slug, res.text);
    }
    assert.equal(new Set(first.values()).size, tenants.length);
  });

  it('renders each home page in its own language, name and time zone', async () => {
    for (const tenant of inTurn()) {
      const res = await get(tenant, '/').expect(200);
      assert.match(res.text, new RegExp(`<html lang="${tenant.language}"`));
      assert.ok(res.text.includes(tenant.name), `${tenant.slug}'s home page does not name it`);
      for (const other of tenants.filter((t) => t.name !== tenant.name && !tenant.name.startsWith(t.name))) {
        assert.ok(!res.text.includes(other.name), `${tenant.slug}'s home page names ${other.slug}`);
      }
      // The official time, in the tenant's zone and language (Intl formatters kept per process).
      const zone = tenant.currency === 'KRW' ? 'Asia/Seoul' : 'Asia/Baghdad';
      const named = new Intl.DateTimeFormat(`${tenant.language}-u-nu-latn`, {
        timeZone: zone,
        timeZoneName: 'longGeneric',
      })
        .formatToParts(new Date())
        .find((part) => part.type === 'timeZoneName')?.value;
      const shown =
        named && named !== zone ? `${named} <bdi dir="ltr">(${zone})</bdi>` : `<bdi dir="ltr">${zone}</bdi>`;
      assert.ok(res.text.includes(shown), `${tenant.slug}'s home page lacks ${shown}`);
    }
  });

  it("scopes each tenant's session cookie to its own path", async () => {
    for (const tenant of inTurn()) {
      const res = await get(tenant, '/login').expect(200);
      const session = res.headers['set-cookie'] as unknown as string[] | undefined;
      const cookie = session?.find((c) => c.startsWith('koneps.sid='));
      assert.ok(cookie, `no session cookie for ${tenant.slug}`);
      assert.match(cookie, new RegExp(`Path=${tenant.base || '/'}(;|$)`));
    }
  });

  it("publishes each tenant's own signing keys, and opens only what was sealed for it", async () => {
    const published = new Map<string, string>();
    for (const tenant of inTurn()) {
      const res = await get(tenant, '/api/v1/signing-keys').expect(200);
      const keys = JSON.stringify(res.body);
      if (published.has(tenant.slug)) assert.equal(keys, published.get(tenant.slug));
      else published.set(tenant.slug, keys);
    }
    assert.equal(new Set(published.values()).size, tenants.length);

    const handles = await Promise.all(tenants.map((t) => platform.tenancy.resolve(t.slug)));
    const sealed = await Promise.all(
      handles.map((h) =>
        inTenant(h!, async (tx) => (await platform.keys.forTenant(tx, h!.slug)).seal('totp-secret', h!.slug)),
      ),
    );
    for (const [i, handle] of [...handles, ...handles].entries()) {
      const ring = await platform.keys.ofTenant(handle!);
      for (const [j, value] of sealed.entries()) {
        if (j === i % tenants.length) assert.equal(ring.open('totp-secret', value).toString(), handle!.slug);
        else assert.throws(() => ring.open('totp-secret', value));
      }
    }
  });

  it('names its caches, so their sizes can be read', () => {
    const sizes = tenantCacheSizes();
    // Four base paths: three under /t/<slug>, and the root of the partners' own hosts.
    const least = {
      'registry lookups': 5,
      'configs from templates': 3,
      'OpenAPI documents': 5,
      'session middleware by path': 4,
    };
    for (const [name, count] of Object.entries(least)) {
      assert.ok((sizes[name] ?? 0) >= count, `${name}: ${sizes[name]}`);
    }
  });
});
