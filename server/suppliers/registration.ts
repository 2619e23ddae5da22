/**
 * A company signs up once per tenant: legal identity, contacts, categories, documents, the
 * integrity pledge, and its first user (the company administrator), who must confirm the e-mail
 * address. The company then waits for the tenant admin's approval. Later changes of legal identity
 * go back to approval; the company administrator invites colleagues.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { AuditContext } from '../audit/trail.js';
import { ValidationError } from '../http/validate.js';
import { assertCan } from '../identity/policy.js';
import { hashPassword, passwordProblem } from '../identity/passwords.js';
import { createAccountToken } from '../identity/tokens.js';
import { findUserByEmail, normalizeEmail, type SessionUser } from '../identity/users.js';
import type { Deps } from '../deps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import type { CheckedDocument } from './documents.js';
import { legalNameOf } from './schema.js';

export interface RegistrationInput {
  fields: Record<string, unknown> & {
    registration_no: string;
    representative: string;
    tax_id: string;
    address: string;
    contact_phone: string;
    categories: string[];
    name: string;
    email: string;
    password: string;
  };
  documents: CheckedDocument[];
  /** Builds the absolute link for an e-mail, from a path inside the tenant. */
  link: (path: string) => string;
}

async function registrationNumberTaken(
  tx: Knex.Transaction,
  registrationNo: string,
  exceptId?: string,
): Promise<boolean> {
  const query = tx('suppliers').whereRaw('lower(registration_no) = lower(?)', [registrationNo]);
  if (exceptId) query.whereNot({ id: exceptId });
  return (await query.first()) !== undefined;
}

export async function registerSupplier(
  services: Deps,
  tenant: TenantHandle,
  context: AuditContext,
  input: RegistrationInput,
): Promise<void> {
  const f = input.fields;
  const problem = passwordProblem(f.password, [f.email, f.name]);
  if (problem) throw new ValidationError([{ field: 'password', key: problem }]);
  const passwordHash = await hashPassword(f.password);
  await inTenant(tenant, async (tx) => {
    if (await registrationNumberTaken(tx, f.registration_no)) {
      throw new ValidationError([{ field: 'registration_no', key: 'suppliers:registration_no_taken' }]);
    }
    const existing = await findUserByEmail(tx, f.email);
    if (existing) {
      // Say nothing to the visitor; tell the address's owner someone tried.
      await services.mailer.queue(tx, tenant, {
        to: existing.email,
        locale: existing.locale,
        template: 'registration_attempt',
        params: { name: existing.display_name, link: input.link('/password/forgot') },
      });
      return;
    }
    const [supplier] = await tx('suppliers')
      .insert({
        legal_name: JSON.stringify(legalNameOf(f, tenant.config.locales.supported)),
        registration_no: f.registration_no,
        tax_id: f.tax_id,
        representative: f.representative,
        address: f.address,
        contact_email: normalizeEmail(f.email),
        contact_phone: f.contact_phone,
        categories: f.categories,
        status: 'pending',
        pledge_signed_at: tx.raw('app_now()'),
        submitted_at: tx.raw('app_now()'),
      })
      .returning<{ id: string }[]>('id');
    const [user] = await tx('users')
      .insert({
        email: normalizeEmail(f.email),
        display_name: f.name,
        locale: context.locale ?? tenant.config.locales.default,
        roles: ['supplier-admin', 'supplier'],
        password_hash: passwordHash,
        supplier_id: supplier!.id,
      })
      .returning<{ id: string }[]>('id');
    if (input.documents.length > 0) {
      await tx('supplier_documents').insert(
        input.documents.map((d) => ({
          supplier_id: supplier!.id,
          file_name: d.fileName,
          content_type: d.contentType,
          size_bytes: d.size,
          sha256: d.sha256,
          content: d.content,
        })),
      );
    }
    const token = await createAccountToken(tx, user!.id, 'verify-email');
    await services.mailer.queue(tx, tenant, {
      to: f.email,
      locale: context.locale ?? null,
      template: 'verify_email',
      params: { name: f.name, link: input.link(`/verify-email?token=${token}`) },
    });
    await services.audit.record(
      tx,
      tenant,
      { ...context, actor: { type: 'user', id: user!.id, label: normalizeEmail(f.email) } },
      {
        action: 'supplier.registered',
        target: { type: 'supplier', id: supplier!.id },
        summary: {
          after: {
            registrationNo: f.registration_no,
            categories: f.categories,
            documents: input.documents.map((d) => d.sha256),
          },
        },
      },
    );
  });
}

/** A change of legal name, registration number or representative sends the company back to approval. */
export async function changeSupplierIdentity(
  services: Deps,
  tenant: TenantHandle,
  user: SessionUser,
  context: AuditContext,
  input: Record<string, unknown> & { registration_no: string; representative: string },
): Promise<'unchanged' | 'resubmitted'> {
  assertCan(user, 'supplier:manage-own');
  return inTenant(tenant, async (tx) => {
    const before = await tx('suppliers')
      .where({ id: user.supplierId })
      .forUpdate()
      .first<{ legal_name: Record<string, string>; registration_no: string; representative: string; status: string }>();
    if (!before) throw new ValidationError([{ field: '(body)', key: 'validation:invalid' }]);
    const after = {
      legal_name: legalNameOf(input, tenant.config.locales.supported),
      registration_no: input.registration_no,
      representative: input.representative,
    };
    const same =
      JSON.stringify(before.legal_name) === JSON.stringify(after.legal_name) &&
      before.registration_no === after.registration_no &&
      before.representative === after.representative;
    if (same) return 'unchanged';
    if (await registrationNumberTaken(tx, after.registration_no, user.supplierId!)) {
      throw new ValidationError([{ field: 'registration_no', key: 'suppliers:registration_no_taken' }]);
    }
    await tx('suppliers')
      .where({ id: user.supplierId })
      .update({
        ...after,
        legal_name: JSON.stringify(after.legal_name),
        status: 'pending',
        submitted_at: tx.raw('app_now()'),
        updated_at: tx.raw('app_now()'),
      });
    await services.audit.record(tx, tenant, context, {
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
export async function inviteColleague(
  services: Deps,
  tenant: TenantHandle,
  user: SessionUser,
  context: AuditContext,
  input: { email: string; name: string; link: (path: string) => string },
): Promise<void> {
  assertCan(user, 'supplier:manage-own');
  await inTenant(tenant, async (tx) => {
    if (await findUserByEmail(tx, input.email))
      throw new ValidationError([{ field: 'email', key: 'suppliers:email_taken' }]);
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
    await services.mailer.queue(tx, tenant, {
      to: input.email,
      locale: user.locale,
      template: 'colleague_invitation',
      params: { name: input.name, inviter: user.displayName, link: input.link(`/invitation?token=${token}`) },
    });
    await services.audit.record(tx, tenant, context, {
      action: 'supplier.colleague-invited',
      target: { type: 'user', id: colleague!.id },
      summary: { after: { email: normalizeEmail(input.email), supplier: user.supplierId } },
    });
  });
}

/** The company administrator asks to renew the registration (before or after it lapses). */
export async function requestRenewal(
  services: Deps,
  tenant: TenantHandle,
  user: SessionUser,
  context: AuditContext,
): Promise<void> {
  assertCan(user, 'supplier:manage-own');
  await inTenant(tenant, async (tx) => {
    const supplier = await tx('suppliers')
      .where({ id: user.supplierId })
      .forUpdate()
      .first<{ id: string; status: string; renewal_requested_at: Date | null } | undefined>();
    if (!supplier || (supplier.status !== 'approved' && supplier.status !== 'expired')) {
      throw new ValidationError([{ field: '(body)', key: 'suppliers:renewal_not_possible' }]);
    }
    if (supplier.renewal_requested_at) return;
    await tx('suppliers')
      .where({ id: supplier.id })
      .update({ renewal_requested_at: tx.raw('app_now()'), updated_at: tx.raw('app_now()') });
    await services.audit.record(tx, tenant, context, {
      action: 'supplier.renewal-requested',
      target: { type: 'supplier', id: supplier.id },
    });
  });
}
