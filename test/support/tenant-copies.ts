/**
 * A copy of the shipped tenant files with one more rule version in one partner's file, for a test
 * platform started with `TENANTS_DIR`: how a test switches on a rule the shipped files leave off.
 * A version that took effect is immutable on a platform (regulations/immutability.ts): two tests
 * that add different values to one partner's rule give them different version numbers.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RuleVersion {
  id: string;
  version: number;
  effectiveFrom: string;
  source: string;
  /** The value as YAML flow text: `{ required: true }`. */
  value: string;
}

export function tenantsWithRule(partner: string, rule: RuleVersion): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `${rule.id}-tenants-`));
  cpSync('tenants', dir, { recursive: true });
  const file = path.join(dir, `${partner}.yaml`);
  const lines = [
    `    - id: ${rule.id}`,
    `      version: ${rule.version}`,
    `      effectiveFrom: '${rule.effectiveFrom}'`,
    `      source: '${rule.source}'`,
    `      value: ${rule.value}`,
    '',
  ];
  writeFileSync(file, readFileSync(file, 'utf8').concat(lines.join('\n')));
  return dir;
}
