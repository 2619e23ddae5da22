/**
 * Every audited action has words on the audit trail page: an action without a
 * `timeline:action_*` label reads "Recorded action", which tells an auditor nothing.
 * The scan is deliberately plain: string literals shaped `<area>.<verb>` after `action:` in
 * server code (a ternary's branches included) and in the call center's `audited(…)` helpers.
 * Form URLs and policy names (`action: '/t/…'`, `'notices:manage'`) never have that shape.
 * Actions built at run time (`complaint.${decision}`, `callcenter.${action}`) are listed by hand.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SERVER = path.resolve('server');
const ACTION = /^[a-z-]+\.[a-z-]+$/;
/** Navigation entries name a policy after `action:`, never an audited action. */
const SKIPPED = new Set(['http/navigation.ts']);
/** Actions written from a template literal, expanded to the values the code allows. */
const COMPUTED = [
  'complaint.upheld',
  'complaint.dismissed',
  'callcenter.resend-verification',
  'callcenter.unlock',
  'callcenter.password-reset',
  'callcenter.second-factor-reset',
];

function auditedActions(): Map<string, string> {
  const found = new Map<string, string>();
  const files = readdirSync(SERVER, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !SKIPPED.has(f.split(path.sep).join('/')));
  for (const file of files) {
    const source = readFileSync(path.join(SERVER, file), 'utf8');
    // The value of `action:` up to the next comma or brace: a literal, or `cond ? 'a' : 'b'`.
    for (const [, value] of source.matchAll(/\baction:\s*([^,}\n]*)/g))
      for (const [, literal] of value!.matchAll(/'([^'\n]*)'/g))
        if (ACTION.test(literal!) && !found.has(literal!)) found.set(literal!, file);
    // The call center's `audited(tx, tenant, actor, 'callcenter.ticket-opened', …)` helpers.
    for (const [, literal] of source.matchAll(/\baudited\([^'\n]*'([a-z-]+\.[a-z-]+)'/g))
      if (!found.has(literal!)) found.set(literal!, file);
  }
  for (const action of COMPUTED) if (!found.has(action)) found.set(action, '(computed)');
  return found;
}

const labelKey = (action: string) => `action_${action.replace(/[.-]/g, '_')}`;

describe('audit action labels', () => {
  const labels = JSON.parse(readFileSync(path.resolve('locales/en/timeline.json'), 'utf8')) as Record<string, string>;
  const actions = auditedActions();

  it('finds the audited actions in the server code', () => {
    // A scan that finds nothing would pass vacuously.
    assert.ok(actions.size > 100, `only ${actions.size} audited actions found`);
    assert.ok(actions.has('plan.created') && actions.has('bid.submitted') && actions.has('auth.login'));
  });

  it('has an English label for every audited action', () => {
    const missing = [...actions]
      .filter(([action]) => !labels[labelKey(action)])
      .map(([action, file]) => `timeline:${labelKey(action)} (${action}, server/${file})`);
    assert.deepEqual(missing, []);
  });
});
