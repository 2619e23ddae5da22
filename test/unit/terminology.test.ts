import assert from 'node:assert/strict';
import path from 'node:path';
import type { i18n } from 'i18next';
import { createI18n } from '../../server/i18n/i18n.js';
import { tenantTranslator, type Terminology } from '../../server/i18n/terminology.js';
import { loadTenantConfigs, parseTenantConfig, TenantConfigError } from '../../server/tenancy/configs.js';

const tenant = (terminology: Terminology) => ({ config: { terminology } });

const valid = `
slug: sample
country: IQ
names: { en: Sample }
locales: { default: en, supported: [en, ar] }
currency: IQD
timeZone: Asia/Baghdad
weekend: [fri, sat]
`;

describe('per-tenant terminology', () => {
  let instance: i18n;
  before(async () => (instance = await createI18n()));

  it('uses the override where the tenant has one, the shipped text elsewhere', () => {
    const t = tenantTranslator(instance, tenant({ en: { 'notices:title': 'Tender announcements' } }), 'en');
    assert.equal(t('notices:title'), 'Tender announcements');
    assert.equal(t('notices:notice_title'), 'Bid notice');
    assert.equal(t('common:nav_notices'), 'Bid notices');
    // Another language of the same tenant is untouched.
    assert.equal(
      tenantTranslator(instance, tenant({ en: { 'notices:title': 'X' } }), 'ar')('notices:title'),
      'إعلانات المناقصات',
    );
  });

  it('interpolates an override with i18next, and finds bare keys in the translator namespace', () => {
    const terms = { en: { 'mail:tender_opened_subject': 'Tender {{notice}} opened on {{system}}' } };
    const t = tenantTranslator(instance, tenant(terms), 'en', 'mail');
    assert.equal(t('tender_opened_subject', { notice: 'R-1', system: 'KEPS' }), 'Tender R-1 opened on KEPS');
    assert.equal(t('tender_failed_subject', { notice: 'R-1' }), 'Notice R-1 failed');
  });

  it('overrides one plural form, chosen by count as i18next chooses it', () => {
    const t = tenantTranslator(instance, tenant({ en: { 'audit:results_one': 'a single record' } }), 'en');
    assert.equal(t('audit:results', { count: 1 }), 'a single record');
    assert.equal(t('audit:results', { count: 3 }), '3 entries');
  });

  it('is the plain translator when the tenant has no terms', () => {
    assert.equal(tenantTranslator(instance, undefined, 'en')('notices:title'), 'Bid notices');
    assert.equal(
      tenantTranslator(instance, tenant({}), 'ko')('notices:title'),
      instance.getFixedT('ko')('notices:title'),
    );
  });

  it("ships kurdistan's example: its own word for tender announcements in Kurdish and English", () => {
    const config = loadTenantConfigs(path.resolve('tenants'))
      .all()
      .find((c) => c.slug === 'kurdistan')!;
    const kurdistan = { config };
    const ckb = tenantTranslator(instance, kurdistan, 'ckb');
    assert.equal(ckb('common:nav_notices'), 'ئاگادارییەکانی مناقەسە');
    assert.equal(tenantTranslator(instance, kurdistan, 'en')('notices:title'), 'Tender announcements');
    assert.equal(tenantTranslator(instance, kurdistan, 'ar')('notices:title'), 'إعلانات المناقصات');
  });

  it('accepts valid overrides in the config, including a plural form English lacks', () => {
    const config = parseTenantConfig(
      'tenants/sample.yaml',
      `${valid}terminology:\n  en: { 'notices:title': Tenders }\n  ar: { 'audit:results_two': سجلان }\n`,
    );
    assert.equal(config.terminology?.en?.['notices:title'], 'Tenders');
  });

  const broken: [string, string, RegExp][] = [
    [
      'an override that drops a placeholder',
      `terminology:\n  en: { 'home:welcome': Welcome }`,
      /sample\.yaml: terminology\.en\.home:welcome: must keep the placeholders .*\{\{name\}\} missing/,
    ],
    [
      'an override with a placeholder English does not have',
      `terminology:\n  en: { 'notices:title': 'Tenders of {{agency}}' }`,
      /terminology\.en\.notices:title: .*\{\{agency\}\} unknown/,
    ],
    [
      'a key English does not have',
      `terminology:\n  en: { 'notices:titel': Tenders }`,
      /terminology\.en\.notices:titel: is not a key of locales\/en\/notices\.json/,
    ],
    ['a key without a namespace', `terminology:\n  en: { title: Tenders }`, /terminology\.en\.title: must be a key/],
    [
      'a language the tenant does not offer',
      `terminology:\n  ko: { 'notices:title': 입찰 }`,
      /terminology\.ko: is not one/,
    ],
  ];
  for (const [what, yaml, message] of broken) {
    it(`stops boot on ${what}, naming the file and the key`, () => {
      assert.throws(
        () => parseTenantConfig('tenants/sample.yaml', `${valid}${yaml}\n`),
        (e: Error) => e instanceof TenantConfigError && message.test(e.message),
      );
    });
  }
});
