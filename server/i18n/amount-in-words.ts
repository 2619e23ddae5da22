/**
 * Amounts in words for contracts, from the n2words package in the languages it knows (English,
 * Korean, Arabic, Vietnamese, Portuguese). Central Kurdish and Khmer fall back to English, and
 * Tetum to Portuguese, as its number formats do. Words are for the whole units; the minor units,
 * if any, follow as a fraction ("twelve 50/100").
 */
import { toCardinal as arabic } from 'n2words/ar-SA';
import { toCardinal as english } from 'n2words/en-US';
import { toCardinal as korean } from 'n2words/ko-KR';
import { toCardinal as portuguese } from 'n2words/pt-PT';
import { toCardinal as vietnamese } from 'n2words/vi-VN';
import { currencyDigits } from './format.js';
import type { Language } from './languages.js';

const WORDS: Partial<Record<Language, (n: bigint) => string>> = {
  en: english,
  ko: korean,
  ar: arabic,
  vi: vietnamese,
  pt: portuguese,
  tet: portuguese,
};

/** The language the words come in: the reader's when n2words knows it, else English. */
export function wordsLanguage(lng: Language): Language {
  return WORDS[lng] ? (lng === 'tet' ? 'pt' : lng) : 'en';
}

export function amountInWords(minorUnits: number | string, currency: string, lng: Language): string {
  const digits = currencyDigits(currency);
  const total = BigInt(String(minorUnits));
  const scale = 10n ** BigInt(digits);
  const whole = total / scale;
  const fraction = total % scale;
  const words = (WORDS[lng] ?? english)(whole);
  return fraction === 0n ? words : `${words} ${String(fraction).padStart(digits, '0')}/${scale}`;
}
