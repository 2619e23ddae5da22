/**
 * Relations that staff declare themselves (`staff_relations`): to a company (by its registration
 * number) or a person (by name), of a kind, with a note. They are what a seat on a committee is
 * checked against (seat-check.ts). Declaring and withdrawing are audited; a withdrawn relation is
 * deleted, the audit trail keeps that it was declared.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import type { Actor } from '../identity/actor.js';
import { assertCan } from '../identity/policy.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { RelationNotFoundError } from './errors.js';
import type { RelationKind, StaffRelation } from './matching.js';

export const RELATION_KINDS = [
  'family',
  'former-employer',
  'shareholding',
  'other',
] as const satisfies readonly RelationKind[];

const optional = (max: number) =>
  z
    .preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().max(max).optional())
    .transform((v) => v || undefined);

export const RelationForm = z
  .object({
    company_registration_no: optional(40),
    person_name: optional(200),
    kind: z.enum(RELATION_KINDS),
    note: optional(1000),
  })
  .superRefine((v, ctx) => {
    if (!v.company_registration_no && !v.person_name)
      ctx.addIssue({
        code: 'custom',
        path: ['company_registration_no'],
        message: 'conflicts:relation_subject_required',
      });
  });
export type RelationInput = z.infer<typeof RelationForm>;

export interface RelationRow {
  id: string;
  company_registration_no: string | null;
  person_name: string | null;
  kind: RelationKind;
  note: string | null;
  declared_at: Date;
}

/** A user's declared relations, as matching reads them (inside the caller's transaction). */
export async function relationsOf(tx: Knex.Transaction, userId: string): Promise<StaffRelation[]> {
  const rows = await tx('staff_relations')
    .where({ user_id: userId })
    .select<RelationRow[]>('company_registration_no', 'person_name', 'kind');
  return rows.map((r) => ({
    companyRegistrationNo: r.company_registration_no,
    personName: r.person_name,
    kind: r.kind,
  }));
}

export function staffRelations(deps: Pick<Deps, 'audit'>) {
  return {
    /** The signed-in user's relations, oldest first. */
    async list(actor: Actor): Promise<RelationRow[]> {
      assertCan(actor.user, 'account:use');
      const user = actor.user;
      return inTenant(actor.tenant, (tx) =>
        tx('staff_relations')
          .where({ user_id: user.id })
          .orderBy('declared_at')
          .select<RelationRow[]>('id', 'company_registration_no', 'person_name', 'kind', 'note', 'declared_at'),
      );
    },

    async declare(actor: Actor, input: RelationInput): Promise<void> {
      assertCan(actor.user, 'account:use');
      const user = actor.user;
      await inTenant(actor.tenant, async (tx) => {
        const [row] = await tx('staff_relations')
          .insert({
            user_id: user.id,
            company_registration_no: input.company_registration_no ?? null,
            person_name: input.person_name ?? null,
            kind: input.kind,
            note: input.note ?? null,
          })
          .returning<{ id: string }[]>('id');
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          action: 'conflicts.relation-declared',
          target: { type: 'user', id: user.id },
          summary: {
            after: {
              relation: row!.id,
              companyRegistrationNo: input.company_registration_no ?? null,
              personName: input.person_name ?? null,
              kind: input.kind,
            },
          },
        });
      });
    },

    async withdraw(actor: Actor, relationId: string): Promise<void> {
      assertCan(actor.user, 'account:use');
      const user = actor.user;
      await inTenant(actor.tenant, async (tx) => {
        const [gone] = await tx('staff_relations')
          .where({ id: relationId, user_id: user.id })
          .delete()
          .returning<RelationRow[]>(['company_registration_no', 'person_name', 'kind']);
        if (!gone) throw new RelationNotFoundError();
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          action: 'conflicts.relation-withdrawn',
          target: { type: 'user', id: user.id },
          summary: {
            before: {
              relation: relationId,
              companyRegistrationNo: gone.company_registration_no,
              personName: gone.person_name,
              kind: gone.kind,
            },
          },
        });
      });
    },
  };
}
