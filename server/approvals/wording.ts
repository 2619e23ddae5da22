/** How the approvals read, wherever they show: who asked, and where a tenant's pages are. */
import type { TFunction } from 'i18next';
import { isolate } from '../work/formats.js';
import type { Requester } from './approval.js';

/**
 * Who asked, in words: "Call-center agent agent@example.org" for platform staff (the call center
 * is where they ask from), the person's name for a user of the tenant (their address if unknown).
 */
export function requesterText(t: TFunction, requester: Requester, userName?: string | null): string {
  if (requester.type === 'platform') return t('approvals:requested_by_platform', { email: isolate(requester.label) });
  return isolate(userName || requester.label);
}
