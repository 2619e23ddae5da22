/** What a supplier registration and its later changes must contain. */
import { z } from 'zod';
import type { Language } from '../i18n/languages.js';
import { collectLocalized, localizedFields } from '../i18n/localized-fields.js';
import { checkPeopleRows, peopleShape } from '../conflicts/people.js';

export const CATEGORIES = ['goods', 'services', 'works', 'ict'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

/** Legal name fields per language (`legal_name_<lng>`); the tenant's default language is required. */
function legalNames(languages: readonly Language[], defaultLanguage: Language) {
  return localizedFields('legal_name', languages, defaultLanguage, 200);
}

export function identitySchema(languages: readonly Language[], defaultLanguage: Language) {
  return z.object({
    ...legalNames(languages, defaultLanguage),
    registration_no: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9./-]{2,39}$/, { error: 'suppliers:registration_no_format' }),
    representative: text(200),
  });
}

export function registrationSchema(languages: readonly Language[], defaultLanguage: Language) {
  return identitySchema(languages, defaultLanguage)
    .extend({
      tax_id: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9][A-Za-z0-9./-]{2,39}$/, { error: 'suppliers:tax_id_format' }),
      address: text(500),
      contact_phone: z
        .string()
        .trim()
        .regex(/^\+?[0-9 ()-]{6,30}$/, { error: 'suppliers:phone_format' }),
      categories: z.preprocess(
        (v): unknown[] => (v === undefined ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
        z.array(z.enum(CATEGORIES)).min(1, { error: 'suppliers:categories_required' }),
      ),
      name: text(200),
      email: z.email().max(320),
      password: z.string().min(1).max(1024),
      pledge: z.literal('1', { error: 'suppliers:pledge_required' }),
      // Owners and directors (optional rows), checked against evaluators' relations and each other.
      ...peopleShape,
    })
    .superRefine(checkPeopleRows);
}

/** The company's owners and directors, changed on its own page. */
export const PeopleForm = z.object(peopleShape).superRefine(checkPeopleRows);

/** The legal name given per language. */
export function legalNameOf(input: object, languages: readonly Language[]): Partial<Record<Language, string>> {
  return collectLocalized(input, 'legal_name', languages);
}
