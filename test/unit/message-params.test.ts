/**
 * A refusal's sentence in every language: the counting unit is chosen by the message itself
 * (`$t(prespec:unit_{{unit}})`), the rule cited by name and version, the date spelled out; no raw
 * key, rule id or ISO date is left.
 */
import assert from 'node:assert/strict';
import type { i18n } from 'i18next';
import { createI18n } from '../../server/i18n/i18n.js';
import { LANGUAGES } from '../../server/i18n/languages.js';
import { messageTranslator } from '../../server/i18n/message-params.js';
import { tenantTranslator } from '../../server/i18n/terminology.js';

describe('refusal messages made readable', () => {
  let instance: i18n;
  before(async () => {
    instance = await createI18n();
  });

  for (const lng of LANGUAGES) {
    it(`writes the early-deadline refusal in ${lng} without a raw key, rule id or ISO date`, () => {
      const tenant = { config: { timeZone: 'Asia/Baghdad', numberingSystem: 'latn' as const } };
      const t = tenantTranslator(instance, tenant, lng);
      const say = messageTranslator({ t, lng, timeZone: 'Asia/Baghdad', numbering: 'latn' });
      const text = say('notices:deadline_too_early', {
        earliest: new Date('2026-09-08T07:00:00Z'),
        days: 7,
        unit: 'calendar',
        rule: 'notice-period v1',
        given: '2026-09-04',
        short: 4,
      });
      const unit = instance.t('prespec:unit_calendar', { lng });
      assert.ok(text.includes(unit), `${text} lacks ${unit}`);
      assert.doesNotMatch(text, /unit_|notice-period|2026-09-0|\$t\(/);
      assert.ok(text.includes(instance.t('regulations:rule_notice-period', { lng })), text);
    });
  }
});
