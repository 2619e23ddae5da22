/**
 * A rule version that has taken effect is immutable. At boot, each effective version's canonical
 * fingerprint is compared with the one recorded when it first took effect here; an edited version
 * stops the process with a message naming the file and the rule.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { canonicalJson } from '../audit/hashing.js';
import type { TenantConfig } from '../tenancy/config-schema.js';
import { TenantConfigError } from '../tenancy/configs.js';
import { localDate } from './lookup.js';

export function ruleFingerprint(rule: TenantConfig['regulations']['rules'][number]): string {
  return createHash('sha256').update(canonicalJson(rule)).digest('hex');
}

export async function enforceRuleImmutability(primary: Knex, configs: TenantConfig[], at: Date): Promise<void> {
  const table = () => primary('rule_fingerprints').withSchema('platform');
  const recorded = new Map(
    (await table().select<{ config_slug: string; rule_id: string; version: number; fingerprint: string }[]>()).map(
      (r) => [`${r.config_slug}/${r.rule_id}/${r.version}`, r.fingerprint],
    ),
  );
  for (const config of configs) {
    const today = localDate(at, config.timeZone);
    for (const rule of config.regulations.rules) {
      if (rule.effectiveFrom > today) continue;
      const key = `${config.slug}/${rule.id}/${rule.version}`;
      const fingerprint = ruleFingerprint(rule);
      const known = recorded.get(key);
      if (known === undefined) {
        await table()
          .insert({ config_slug: config.slug, rule_id: rule.id, version: rule.version, fingerprint })
          .onConflict(['config_slug', 'rule_id', 'version'])
          .ignore();
      } else if (known !== fingerprint) {
        throw new TenantConfigError(
          `tenants/${config.slug}.yaml: regulations: ${rule.id} v${rule.version} took effect on ${rule.effectiveFrom} and has been edited since; add a new version instead`,
        );
      }
    }
  }
}
