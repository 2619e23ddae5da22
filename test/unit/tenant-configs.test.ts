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

  it('gives a file without branding or contacts the default emblem and no contacts', () => {
    const config = parseTenantConfig('tenants/sample.yaml', valid);
    assert.equal(config.branding.emblem, 'default.svg');
    assert.equal(config.contact, undefined);
    const coloured = parseTenantConfig(
      'tenants/sample.yaml',
      `${valid}\nbranding: { primaryColor: '#112233', accentColor: '#445566' }\n`,
    );
    assert.equal(coloured.branding.emblem, 'default.svg');
  });

  it('reads an emblem and the operator’s contacts, and every shipped partner has both', () => {
    const config = parseTenantConfig(
      'tenants/sample.yaml',
      `${valid}\nbranding: { primaryColor: '#112233', accentColor: '#445566', emblem: kurdistan.svg }\n` +
        `contact: { operator: { en: Ministry }, callCenter: '+964 66 000 0000', email: help@example.org, hours: { en: Sunday to Thursday } }\n`,
    );
    assert.equal(config.branding.emblem, 'kurdistan.svg');
    assert.deepEqual(config.contact, {
      operator: { en: 'Ministry' },
      callCenter: '+964 66 000 0000',
      email: 'help@example.org',
      hours: { en: 'Sunday to Thursday' },
    });
    for (const shipped of loadTenantConfigs(path.resolve('tenants')).all()) {
      assert.equal(shipped.branding.emblem, `${shipped.slug}.svg`);
      assert.ok(shipped.contact?.callCenter, `${shipped.slug} names its call center`);
    }
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
    [
      'an emblem that is not an SVG file name',
      `${valid}\nbranding: { primaryColor: '#112233', accentColor: '#445566', emblem: ../secret.svg }\n`,
      /sample\.yaml: branding\.emblem: must be the name of an SVG file in public\/emblems\//,
    ],
    [
      'an emblem file that does not exist',
      `${valid}\nbranding: { primaryColor: '#112233', accentColor: '#445566', emblem: nowhere.svg }\n`,
      /sample\.yaml: branding\.emblem: names no file in public\/emblems\//,
    ],
    [
      'a call-center number with letters',
      `${valid}\ncontact: { operator: { en: Ministry }, callCenter: CALL-NOW, email: help@example.org }\n`,
      /sample\.yaml: contact\.callCenter: must be a telephone number/,
    ],
    [
      'a contact e-mail that is no address',
      `${valid}\ncontact: { operator: { en: Ministry }, callCenter: '+964 66 000 0000', email: help }\n`,
      /sample\.yaml: contact\.email: must be an e-mail address/,
    ],
    [
      'a contact without its operator',
      `${valid}\ncontact: { callCenter: '1588-0800', email: help@example.org }\n`,
      /sample\.yaml: contact\.operator/,
    ],
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
