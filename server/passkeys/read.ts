/**
 * What pages show of passkeys: the account's list (labels and dates in the reader's language and
 * the tenant's time zone, never a credential id), and what the bid page needs to know: whether
 * the rule requires a confirmation and whether the user has a passkey to give one.
 */
import type { Request } from 'express';
import type { FormRefusal } from '../http/forms.js';
import { formatDateTime } from '../i18n/format.js';
import type { Actor } from '../identity/actor.js';
import { bidPasskeyRule } from '../regulations/bid-passkey.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { clockInstant } from '../time/clock.js';
import type { PasskeyRow } from './registration.js';

export function passkeysPageModel(req: Request, passkeys: PasskeyRow[], refusal?: FormRefusal) {
  const c = req.actor.tenant.config;
  const fmt = (d: Date) => formatDateTime(d, req.lng, c.timeZone, c.numberingSystem);
  return {
    title: req.t('passkeys:title'),
    passkeys: passkeys.map((p) => ({
      id: p.id,
      label: p.label,
      createdText: fmt(p.created_at),
      lastUsedText: p.last_used_at ? fmt(p.last_used_at) : req.t('passkeys:never_used'),
    })),
    required: bidPasskeyRule(c, clockInstant(req.actor.tenant.clock)).required,
    values: {},
    errors: {},
    ...refusal,
  };
}

/** The bid page's passkey state: `confirm` when the user has a passkey to confirm the bid with. */
export async function bidPasskeyState(actor: Actor): Promise<{ required: boolean; confirm: boolean }> {
  const required = bidPasskeyRule(actor.tenant.config, clockInstant(actor.tenant.clock)).required;
  const userId = actor.user?.id;
  if (!userId) return { required, confirm: false };
  const count = await inTenant(actor.tenant, (tx) =>
    tx('passkeys').where({ user_id: userId }).count<{ count: string }[]>('* as count'),
  );
  return { required, confirm: Number(count[0]?.count ?? 0) > 0 };
}
