/**
 * The quality checklist for safety-related goods (those that protect life, health and hygiene):
 * a fixed list of checks, each recorded as passed or failed. Every check must be recorded, and
 * acceptance needs every one passed; a refusal names each check that stands in the way.
 */
import type { FieldDetail } from '../../http/errors.js';

export const CHECKS = ['certificate_of_conformity', 'safety_marking', 'test_report', 'packaging'] as const;
export type CheckKey = (typeof CHECKS)[number];
export type CheckOutcome = 'pass' | 'fail';

export interface CheckResult {
  key: CheckKey;
  passed: boolean;
}

/**
 * Field-by-field problems of a checklist for an inspection of a safety-related deliverable, or
 * none. `checklist.<key>` names the field, as the form does.
 */
export function checklistProblems(
  given: Partial<Record<CheckKey, CheckOutcome>> | undefined,
  result: 'accepted' | 'rejected',
): FieldDetail[] {
  const problems: FieldDetail[] = [];
  for (const key of CHECKS) {
    const outcome = given?.[key];
    if (!outcome) problems.push({ field: `checklist.${key}`, key: 'deliveries:check_required' });
    else if (result === 'accepted' && outcome !== 'pass')
      problems.push({ field: `checklist.${key}`, key: 'deliveries:check_must_pass' });
  }
  return problems;
}

/** The stored form: one entry per check, in the fixed order. */
export function checklistRecord(given: Partial<Record<CheckKey, CheckOutcome>>): CheckResult[] {
  return CHECKS.map((key) => ({ key, passed: given[key] === 'pass' }));
}
