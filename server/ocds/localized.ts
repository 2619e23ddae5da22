/**
 * Multilingual text in OCDS: the field in the release's language and each other language as a
 * suffixed field (`title`, `title_ckb`, `title_ar`), as the standard's translation rule says.
 */
export type Localized = Record<string, string>;

export function localizedFields(field: string, text: Localized | string, language: string): Record<string, string> {
  if (typeof text === 'string') return { [field]: text };
  const entries = Object.entries(text).filter(([, value]) => typeof value === 'string' && value.trim() !== '');
  const main = text[language] ?? entries[0]?.[1];
  const out: Record<string, string> = main === undefined ? {} : { [field]: main };
  for (const [lng, value] of entries) if (lng !== language) out[`${field}_${lng}`] = value;
  return out;
}

/** One string for a field that has no translations in OCDS (a party's name has them; an id not). */
export function mainText(text: Localized | string, language: string): string {
  if (typeof text === 'string') return text;
  return text[language] ?? Object.values(text).find((v) => v) ?? '';
}
