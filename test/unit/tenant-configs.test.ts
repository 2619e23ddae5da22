import assert from 'node:assert/strict';
import path from 'node:path';
import { loadTenantConfigs, parseTenantConfig, TenantConfigError } from '../../server/tenancy/configs.js';

const valid = `
slug: sample
country: IQ
names: { en: Sample }
locales: { default: en, supported: [en] }
currency: IQD
timeZone: Asia/Baghdad
weekend: [fri, sat]
`;

describe('tenant configs', () => {
  it('ships valid configs for the five partner governments', () => {
    const configs = loadTenantConfigs(path.resolve('tenants'));
    assert.deepEqual(
      configs
        .all()
        .map((c) => c.slug)
        .sort(),
      ['cambodia', 'korea', 'kurdistan', 'timor-leste', 'vietnam'],
    );
    const kurdistan = configs.all().find((c) => c.slug === 'kurdistan')!;
    assert.equal(kurdistan.locales.default, 'ckb');
    assert.equal(kurdistan.currency, 'IQD');
    assert.deepEqual(kurdistan.weekend, ['fri', 'sat']);
    assert.equal(configs.slugForHost('keps.localhost'), 'kurdistan');
  });

  it('accepts a minimal valid file', () => {
    assert.equal(parseTenantConfig('tenants/sample.yaml', valid).slug, 'sample');
  });

  const broken: [string, string, RegExp][] = [
    [
      'an unknown time zone',
      valid.replace('Asia/Baghdad', 'Mars/Olympus'),
      /sample\.yaml: timeZone: must be an IANA time zone/,
    ],
    ['a default language that is not supported', valid.replace('default: en', 'default: ar'), /locales\.default/],
    ['an unknown currency', valid.replace('IQD', 'XYZQ'), /currency/],
    ['an unknown field', `${valid}\ncolour: red\n`, /sample\.yaml: \(file\): .*colour/],
    ['a misspelt weekday', valid.replace('[fri, sat]', '[friday]'), /weekend\.0/],
    [
      'a slug that differs from the file name',
      valid.replace('slug: sample', 'slug: other'),
      /slug: must equal the file name/,
    ],
    [
      'a secret instead of a variable name in placement',
      `${valid}\nplacement: { databaseUrlEnv: "postgres://u:p@h/db" }\n`,
      /placement\.databaseUrlEnv/,
    ],
    ['invalid YAML', 'slug: [unclosed', /sample\.yaml: not valid YAML/],
  ];
  for (const [what, text, message] of broken) {
    it(`refuses ${what}, naming the file and the field`, () => {
      assert.throws(
        () => parseTenantConfig('tenants/sample.yaml', text),
        (e: Error) => e instanceof TenantConfigError && message.test(e.message),
      );
    });
  }
});
