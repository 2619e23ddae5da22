/**
 * Search terms cut at indexing with Intl.Segmenter: each word in lower case, plus its character
 * pairs, so a Korean word with a particle attached (의료기기를) is found by its stem (의료기기) and
 * Khmer, written without spaces, is segmented into words by ICU. A query matches when all of its
 * terms are among the document's.
 */
const segmenters = new Map<string, Intl.Segmenter>();

function words(text: string, lng: string): string[] {
  let segmenter = segmenters.get(lng);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(lng === 'tet' ? 'pt' : lng, { granularity: 'word' });
    segmenters.set(lng, segmenter);
  }
  return [...segmenter.segment(text.normalize('NFKC').toLocaleLowerCase())]
    .filter((s) => s.isWordLike)
    .map((s) => s.segment);
}

function pairs(word: string): string[] {
  const chars = [...word];
  if (chars.length < 2) return [word];
  return chars.slice(1).map((c, i) => chars[i] + c);
}

/** Terms for indexing a text: whole words and the character pairs inside them. */
export function indexTerms(texts: { text: string; lng: string }[]): string[] {
  const terms = new Set<string>();
  for (const { text, lng } of texts) {
    for (const word of words(text, lng)) {
      terms.add(word);
      for (const pair of pairs(word)) terms.add(pair);
    }
  }
  return [...terms].slice(0, 2000);
}

/** Terms a query needs: its character pairs (a whole word matches through its pairs too). */
export function queryTerms(query: string, lng: string): string[] {
  return [...new Set(words(query, lng).flatMap(pairs))].slice(0, 50);
}

/** The whole words of a query, as indexed: a document holding them all matches it as written. */
export function queryWords(query: string, lng: string): string[] {
  return [...new Set(words(query, lng))].slice(0, 20);
}
