/**
 * A user's passkeys: registering one on their own device, listing and removing them. A credential
 * id is unique within the tenant (checked here for a clear refusal, and by the table's constraint
 * against a race), so an authenticator cannot be shared between two people, even after one of them
 * removed it: re-registering a removed credential is allowed only because the old row is gone, and
 * the bids it signed keep their assertions (the opening's shared-authenticator flag reads those).
 */
import { randomUUID } from 'node:crypto';
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Deps } from '../deps.js';
import type { Actor } from '../identity/actor.js';
import { assertCan } from '../identity/policy.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { PasskeyInvalidError, PasskeyNotFoundError, PasskeyTakenError } from './errors.js';
import type { RelyingParty } from './relying-party.js';

export interface PasskeyRow {
  id: string;
  user_id: string;
  credential_id: string;
  public_key: Buffer;
  counter: string;
  transports: string[];
  label: string;
  created_at: Date;
  last_used_at: Date | null;
}

export type PasskeyDeps = Pick<Deps, 'audit'>;

/** The user's passkeys, newest first. */
export function listPasskeys(actor: Actor): Promise<PasskeyRow[]> {
  assertCan(actor.user, 'account:use');
  const user = actor.user;
  return inTenant(actor.tenant, (tx) =>
    tx<PasskeyRow>('passkeys').where({ user_id: user.id }).orderBy('created_at', 'desc').select('*'),
  );
}

/** Options for navigator.credentials.create(): a discoverable, user-verified credential on this device. */
export async function registrationOptions(
  actor: Actor,
  rp: RelyingParty,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const own = await listPasskeys(actor);
  const user = actor.user!;
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.displayName,
    userID: Buffer.from(user.id),
    attestationType: 'none',
    excludeCredentials: own.map((p) => ({ id: p.credential_id, transports: p.transports })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  });
}

/** Verifies the browser's answer to `challenge` and stores the credential (audited `passkey.registered`). */
export async function registerPasskey(
  deps: PasskeyDeps,
  actor: Actor,
  ceremony: { rp: RelyingParty; challenge: string; label: string; response: RegistrationResponseJSON },
): Promise<{ id: string }> {
  assertCan(actor.user, 'account:use');
  const user = actor.user;
  const { rp } = ceremony;
  const result = await verifyRegistrationResponse({
    response: ceremony.response,
    expectedChallenge: ceremony.challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: true,
  }).catch(() => ({ verified: false as const }));
  if (!result.verified) throw new PasskeyInvalidError('registration');
  const { credential } = result.registrationInfo;
  return inTenant(actor.tenant, async (tx) => {
    const taken = await tx('passkeys').where({ credential_id: credential.id }).first<{ id: string } | undefined>('id');
    if (taken) throw new PasskeyTakenError();
    const id = randomUUID();
    try {
      await tx('passkeys').insert({
        id,
        user_id: user.id,
        credential_id: credential.id,
        public_key: Buffer.from(credential.publicKey),
        counter: credential.counter,
        transports: credential.transports ?? [],
        label: ceremony.label,
      });
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'passkeys_credential_unique') throw new PasskeyTakenError();
      throw error;
    }
    await deps.audit.record(tx, actor.tenant, actor.audit, {
      action: 'passkey.registered',
      target: { type: 'passkey', id },
      summary: { credentialId: credential.id, label: ceremony.label, user: user.id },
    });
    return { id };
  });
}

/** Removes one of the user's own passkeys (audited `passkey.removed`); bids it signed keep their assertions. */
export async function removePasskey(deps: PasskeyDeps, actor: Actor, id: string): Promise<void> {
  assertCan(actor.user, 'account:use');
  const user = actor.user;
  await inTenant(actor.tenant, async (tx) => {
    const removed = await tx<PasskeyRow>('passkeys')
      .where({ id, user_id: user.id })
      .delete()
      .returning(['credential_id', 'label']);
    const row = removed[0];
    if (!row) throw new PasskeyNotFoundError();
    await deps.audit.record(tx, actor.tenant, actor.audit, {
      action: 'passkey.removed',
      target: { type: 'passkey', id },
      summary: { credentialId: row.credential_id, label: row.label, user: user.id },
    });
  });
}
