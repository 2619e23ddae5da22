/**
 * The tenant admin's two pages, as forms: the people page (the invitation form, and a form per
 * row whose refusal shows on that row) and the agencies page. Each renders itself on first opening
 * and again, with the refusal, when a form posted to it is refused (http/forms.ts).
 */
import type { Request, Response } from 'express';
import type { FormRefusal } from '../http/forms.js';
import { formatList } from '../i18n/format.js';
import { directionOf, NATIVE_NAMES, type Language } from '../i18n/languages.js';
import { listAgencies, type AgencyListing } from './agencies-service.js';
import { STAFF_ROLES } from './schema.js';
import { listUsers, type UserListing } from './users-service.js';
import { textIn } from '../i18n/localized-fields.js';

/** Outcomes announced after a redirect (`?done=…`); anything else is ignored. */
const DONE = new Set(['invited', 'roles', 'deactivated', 'reactivated', 'agency']);

/** The people page's forms: the invitation, and a row's roles or status. */
export type UsersForm = 'invite' | 'roles' | 'status';

const roleLabel = (req: Request, role: string) => req.t(`identity:role_${role.replace('-', '_')}`);

/** A posted value as the form shows it again: a text, or a checkbox group (nothing, one or several). */
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const list = (value: unknown) => (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string');
/** An agency choice as posted ('') or as read (null: none); absent stays absent. */
const agencyChoice = (value: unknown) => (value === null ? '' : text(value));

/** An agency's name in the page's language, else the tenant's default, else any. */
function agencyName(req: Request, name: Partial<Record<Language, string>> | null): string {
  if (!name) return '';
  return textIn(name, req.lng, req.actor.tenant.config.locales.default);
}

function roleOptions(req: Request, checked: readonly string[]) {
  return STAFF_ROLES.map((value) => ({ value, label: roleLabel(req, value), checked: checked.includes(value) }));
}

function agencyOptions(req: Request, agencies: AgencyListing[], selected: string | null | undefined) {
  return agencies.map((a) => ({
    value: a.id,
    code: a.code,
    label: agencyName(req, a.name),
    selected: a.id === selected,
  }));
}

/** A refused change of one row: its message, and for a roles change the roles and agency as posted. */
function failedRow(req: Request, refusal: FormRefusal | undefined) {
  if (refusal?.form !== 'roles' && refusal?.form !== 'status') return undefined;
  const error = Object.values(refusal.errors)[0] ?? refusal.error;
  const id = String(req.params.id);
  if (refusal.form === 'status') return { id, error };
  return { id, error, roles: list(refusal.values.roles), agencyId: agencyChoice(refusal.values.agencyId) };
}

function userRow(req: Request, u: UserListing, agencies: AgencyListing[], failed: ReturnType<typeof failedRow>) {
  const mine = failed?.id === u.id ? failed : undefined;
  const roles = mine && 'roles' in mine ? mine : undefined;
  return {
    ...u,
    self: u.id === req.user!.id,
    roleNames: formatList(
      u.roles.map((r) => roleLabel(req, r)),
      req.lng,
    ),
    agency: u.agencyName ? agencyName(req, u.agencyName) : '',
    statusLabel: req.t(`admin:status_${u.status}`),
    deactivated: u.status === 'deactivated',
    error: mine?.error,
    open: !!roles,
    roleOptions: roleOptions(req, roles?.roles ?? u.roles),
    agencyOptions: agencyOptions(req, agencies, roles?.agencyId ?? u.agencyId),
  };
}

export async function usersPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const users = await listUsers(req.actor);
  const agencies = await listAgencies(req.actor);
  const invited = refusal?.form === 'invite' ? refusal : undefined;
  const values = {
    email: text(invited?.values.email) ?? '',
    displayName: text(invited?.values.displayName) ?? '',
    roles: list(invited?.values.roles),
    agencyId: agencyChoice(invited?.values.agencyId) ?? '',
  };
  const failed = failedRow(req, refusal);
  const done = text(req.query.done);
  res.render('admin/users', {
    title: req.t('admin:users_title'),
    notice: !refusal && done && DONE.has(done) ? req.t(`admin:done_${done}`) : undefined,
    error: failed?.error ?? invited?.error,
    invite: {
      values,
      errors: invited?.errors ?? {},
      roles: roleOptions(req, values.roles),
      agencies: agencyOptions(req, agencies, values.agencyId),
    },
    users: users.map((u) => userRow(req, u, agencies, failed)),
  });
}

export async function agenciesPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const { default: required, supported } = req.actor.tenant.config.locales;
  const agencies = await listAgencies(req.actor);
  const values = refusal?.values ?? {};
  // What was posted (`name_<lng>`), or what was read from it (`names`) when the service refused.
  const posted = (values.names ?? {}) as Record<string, unknown>;
  const errors = refusal?.errors ?? {};
  res.render('admin/agencies', {
    title: req.t('admin:agencies_title'),
    notice: !refusal && req.query.done === 'agency' ? req.t('admin:done_agency') : undefined,
    error: refusal?.error,
    nameLanguages: supported.map((lng) => ({ code: lng, name: NATIVE_NAMES[lng] })),
    agencies: agencies.map((a) => ({
      ...a,
      names: supported.map((lng) => ({ code: lng, dir: directionOf(lng), text: a.name[lng] ?? '' })),
    })),
    form: {
      code: text(values.code) ?? '',
      codeError: errors.code,
      names: supported.map((lng) => ({
        code: lng,
        dir: directionOf(lng),
        field: `name_${lng}`,
        language: NATIVE_NAMES[lng],
        required: lng === required,
        value: text(values[`name_${lng}`]) ?? text(posted[lng]) ?? '',
        error: errors[`names.${lng}`],
      })),
    },
  });
}
