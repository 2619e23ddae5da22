/**
 * What a tenant's call center may be configured with (tenants/<slug>.yaml, `callCenter`): the
 * topics a call is filed under and the questions that check a caller's identity. Each is shipped
 * in every language (locales/<lng>/callcenter.json), so an agent reads them in their own.
 */
export const CALL_TOPICS = [
  'bid-submission',
  'registration',
  'sign-in',
  'second-factor',
  'notice-question',
  'opening-results',
  'contract-payment',
  'other',
] as const;
export type CallTopic = (typeof CALL_TOPICS)[number];

export const IDENTITY_CHECKS = [
  'account-email',
  'full-name',
  'registration-number',
  'representative-name',
  'contact-phone',
  'recent-receipt',
  'agency-name',
] as const;
export type IdentityCheck = (typeof IDENTITY_CHECKS)[number];

export const CALL_OUTCOMES = ['resolved', 'escalated', 'no-action'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const DEFAULT_CALL_CENTER = {
  topics: [...CALL_TOPICS],
  identityChecks: ['account-email', 'full-name', 'registration-number', 'contact-phone', 'recent-receipt'],
  /** How many of the checklist's questions the caller must answer before an action on their account. */
  checksRequired: 2,
} satisfies { topics: CallTopic[]; identityChecks: IdentityCheck[]; checksRequired: number };
