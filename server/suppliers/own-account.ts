/**
 * The company's own changes, by its administrator: a change of legal identity (which goes back
 * to approval), colleagues invited, and a request to renew the registration.
 */
import { randomBytes } from 'node:crypto';
import type { Deps } from '../deps.js';
import type { Actor } from '../identity/actor.js';
import { hashPassword } from '../identity/passwords.js';
import { assertCan } from '../identity/policy.js';
import { createAccountToken } from '../identity/tokens.js';
import { findUserByEmail, normalizeEmail } from '../identity/users.js';
import { auditedPeople, peopleFromForm, peopleOf, replacePeople } from '../conflicts/people.js';
import { inTenant } from '../tenancy/tenant-context.js';
import {
  ColleagueEmailTakenError,
  NoOwnSupplierError,
  RegistrationNoTakenError,
  RenewalNotPossibleError,
} from './errors.js';
import { registrationNumberTaken } from './registration.js';
import { legalNameOf } from './schema.js';

export type IdentityInput = Record<string, unknown> & { registration_no: string; representative: string };

type OwnDeps = Pick<Deps, 'audit' | 'mailer'>;

/** A colleague to invite; `link` makes the absolute link of a path of this tenant, for the e-mail. */
export interface ColleagueInput {
  email: string;
  name: string;
  link: (path: string) => string;
}

interface IdentityRow {
  legal_name: Record<string, string>;
  registration_no: string;
  representative: string;
  status: string;
}

/** A change of legal name, registration number or representative sends the company back to approval. */
async function changeIdentity(deps: OwnDeps, actor: Actor, input: IdentityInput): Promise<'unchanged' | 'resubmitted'> {
  const user = actor.user;
  assertCan(user, 'supplier:manage-own');
  return inTenant(actor.tenant, async (tx) => {
    const before = await tx('suppliers').where({ id: user.supplierId }).forUpdate().first<IdentityRow>();
    if (!before) throw new NoOwnSupplierError();
    const after = {
      legal_name: legalNameOf(input, actor.tenant.config.locales.supported),
      registration_no: input.registration_no,
      representative: input.representative,
    };
    const same =
      JSON.stringify(before.legal_name) === JSON.stringify(after.legal_name) &&
      before.registration_no === after.registration_no &&
      before.representative === after.representative;
    if (same) return 'unchanged';
    if (await registrationNumberTaken(tx, after.registration_no, user.supplierId!))
      throw new RegistrationNoTakenError();
    await tx('suppliers')
      .where({ id: user.supplierId })
      .update({
        ...after,
        legal_name: JSON.stringify(after.legal_name),
        status: 'pending',
        submitted_at: tx.raw('app_now()'),
        updated_at: tx.raw('app_now()'),
      });
    await deps.audit.record(tx, actor.tenant, actor.audit, {
      action: 'supplier.identity-changed',
      target: { type: 'supplier', id: user.supplierId! },
      summary: {
        before: {
          legalName: before.legal_name,
          registrationNo: before.registration_no,
          representative: before.representative,
          status: before.status,
        },
        after: { ...after, status: 'pending' },
      },
    });
    return 'resubmitted';
  });
}

/** The company administrator invites a colleague (a bidder of the same company). */
async function inviteColleague(deps: OwnDeps, actor: Actor, input: ColleagueInput): Promise<void> {
  const user = actor.user;
  assertCan(user, 'supplier:manage-own');
  await inTenant(actor.tenant, async (tx) => {
    if (await findUserByEmail(tx, input.email)) throw new ColleagueEmailTakenError();
    const [colleague] = await tx('users')
      .insert({
        email: normalizeEmail(input.email),
        display_name: input.name,
        locale: user.locale,
        roles: ['supplier'],
        // Unusable until the invitation is accepted and a password chosen.
        password_hash: await hashPassword(randomBytes(32).toString('base64url')),
        supplier_id: user.supplierId,
      })
      .returning<{ id: string }[]>('id');
    const token = await createAccountToken(tx, colleague!.id, 'invitation');
    await deps.mailer.queue(tx, actor.tenant, {
      to: input.email,
      locale: user.locale,
      template: 'colleague_invitation',
      params: { name: input.name, inviter: user.displayName, link: input.link(`/invitation?token=${token}`) },
    });
    await deps.audit.record(tx, actor.tenant, actor.audit, {
      action: 'supplier.colleague-invited',
      target: { type: 'user', id: colleague!.id },
      summary: { after: { email: normalizeEmail(input.email), supplier: user.supplierId } },
    });
  });
}

/** The company administrator asks to renew the registration (before or after it lapses). */
async function requestRenewal(deps: OwnDeps, actor: Actor): Promise<void> {
  const user = actor.user;
  assertCan(user, 'supplier:manage-own');
  await inTenant(actor.tenant, async (tx) => {
    const supplier = await tx('suppliers')
      .where({ id: user.supplierId })
      .forUpdate()
      .first<{ id: string; status: string; renewal_requested_at: Date | null } | undefined>();
    if (!supplier || (supplier.status !== 'approved' && supplier.status !== 'expired'))
      throw new RenewalNotPossibleError();
    if (supplier.renewal_requested_at) return;
    await tx('suppliers')
      .where({ id: supplier.id })
      .update({ renewal_requested_at: tx.raw('app_now()'), updated_at: tx.raw('app_now()') });
    await deps.audit.record(tx, actor.tenant, actor.audit, {
      action: 'supplier.renewal-requested',
      target: { type: 'supplier', id: supplier.id },
    });
  });
}

/**
 * The company administrator replaces its list of owners and directors. It does not go back to
 * approval (the legal identity is unchanged), but the change is audited (without id numbers).
 */
async function changePeople(deps: OwnDeps, actor: Actor, input: Record<string, unknown>): Promise<void> {
  const user = actor.user;
  assertCan(user, 'supplier:manage-own');
  await inTenant(actor.tenant, async (tx) => {
    const supplier = await tx('suppliers').where({ id: user.supplierId }).forUpdate().first<{ id: string }>('id');
    if (!supplier) throw new NoOwnSupplierError();
    const before = (await peopleOf(tx, [supplier.id])).get(supplier.id) ?? [];
    const after = peopleFromForm(input);
    await replacePeople(tx, supplier.id, after);
    await deps.audit.record(tx, actor.tenant, actor.audit, {
      action: 'supplier.people-changed',
      target: { type: 'supplier', id: supplier.id },
      summary: { before: { people: auditedPeople(before) }, after: { people: auditedPeople(after) } },
    });
  });
}

/** The company administrator's changes, each `(actor[, input])`. */
export function ownSupplierAccount(deps: OwnDeps) {
  return {
    changeIdentity: (actor: Actor, input: IdentityInput) => changeIdentity(deps, actor, input),
    inviteColleague: (actor: Actor, input: ColleagueInput) => inviteColleague(deps, actor, input),
    requestRenewal: (actor: Actor) => requestRenewal(deps, actor),
    changePeople: (actor: Actor, input: Record<string, unknown>) => changePeople(deps, actor, input),
  };
}
