/**
 * A catalog query's terms. Item descriptions are written as names ("노트북 컴퓨터"), while a buyer
 * types a phrase ("노트북을 찾습니다"): a Korean word's trailing particle would add a character
 * pair no description holds, so it is dropped before the pairs are taken. Other languages pass as
 * server/search/terms.ts reads them (Khmer segmented by ICU, Arabic script as written).
 */
import { queryTerms, queryWords } from '../search/terms.js';

/** Korean particles a search phrase ends its words with, longest first. */
const PARTICLES = [
  '에서',
  '으로',
  '에게',
  '부터',
  '까지',
  '을',
  '를',
  '이',
  '가',
  '은',
  '는',
  '의',
  '에',
  '와',
  '과',
  '도',
  '로',
];
const HANGUL = /^[\uac00-\ud7a3]+$/u;

function stem(word: string): string {
  if (!HANGUL.test(word)) return word;
  const particle = PARTICLES.find((p) => word.endsWith(p) && [...word].length - [...p].length >= 2);
  return particle ? word.slice(0, -particle.length) : word;
}

export function catalogTerms(query: string, lng: string): string[] {
  const words = queryWords(query, lng).map(stem);
  return [...new Set(words.flatMap((w) => queryTerms(w, lng)))].slice(0, 50);
}
