/**
 * Text a form gives in each of the tenant's languages (`title_ckb`, `title_ar`, …): the schema of
 * those fields (the default language required) and the collected `{ lng: text }` object.
 */
import { z } from 'zod';
import { NATIVE_NAMES, type Language } from './languages.js';

export function localizedFields(
  prefix: string,
  languages: readonly Language[],
  required: Language,
  max: number,
): Record<string, z.ZodType<string | undefined>> {
  return Object.fromEntries(
    languages.map((lng) => [
      `${prefix}_${lng}`,
      lng === required ? z.string().trim().min(1).max(max) : z.string().trim().max(max).optional(),
    ]),
  );
}

export function collectLocalized(
  input: object,
  prefix: string,
  languages: readonly Language[],
): Partial<Record<Language, string>> {
  const text: Partial<Record<Language, string>> = {};
  for (const lng of languages) {
    const value = (input as Record<string, unknown>)[`${prefix}_${lng}`];
    if (typeof value === 'string' && value.trim()) text[lng] = value.trim();
  }
  return text;
}

/**
 * The form's inputs for those fields: one per language, the default one required, each labelled
 * in the reader's language with the language's own name ("Title in العربية", «العنوان (English)»).
 */
export function localizedInputs(
  prefix: string,
  locales: { supported: readonly Language[]; default: Language },
  label: (language: string) => string,
): { lng: Language; field: string; required: boolean; label: string }[] {
  return locales.supported.map((lng) => ({
    lng,
    field: `${prefix}_${lng}`,
    required: lng === locales.default,
    label: label(NATIVE_NAMES[lng]),
  }));
}

/** A text kept in several languages, read in `lng`, else in the tenant's default, else in any. */
export function textIn(texts: Partial<Record<string, string>>, lng: string, fallback: string): string {
  return texts[lng] ?? texts[fallback] ?? Object.values(texts)[0] ?? '';
}
