/** The languages the product ships, with their writing direction and their own names. */
export const LANGUAGES = ['en', 'ko', 'ckb', 'ar', 'vi', 'km', 'tet', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];

const RTL: ReadonlySet<Language> = new Set(['ckb', 'ar']);

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function directionOf(lng: Language): 'rtl' | 'ltr' {
  return RTL.has(lng) ? 'rtl' : 'ltr';
}

/** Each language named in itself, for the language switcher. */
export const NATIVE_NAMES: Record<Language, string> = {
  en: 'English',
  ko: '한국어',
  ckb: 'کوردی',
  ar: 'العربية',
  vi: 'Tiếng Việt',
  km: 'ខ្មែរ',
  tet: 'Tetun',
  pt: 'Português',
};
