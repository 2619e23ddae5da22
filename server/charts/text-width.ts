/**
 * How wide a label will be, measured without a browser: the server has no canvas to ask. Close
 * enough for a chart to leave room for its labels in every script the platform ships (Latin,
 * Arabic, Khmer, Hangul): each letter as a person sees it (a grapheme, so Arabic and Khmer marks
 * add nothing), Latin by the width table of a sans-serif face, wide scripts at a full em. Long
 * labels are wrapped here, between words: ECharts' own wrapping cuts any non-Latin text between
 * two letters, which tears Arabic words apart and splits Khmer syllables.
 */
const LATIN_EM: Record<string, number> = {
  ' ': 0.28,
  '.': 0.28,
  ',': 0.28,
  ':': 0.28,
  i: 0.25,
  j: 0.25,
  l: 0.25,
  f: 0.32,
  t: 0.35,
  r: 0.38,
  I: 0.3,
  m: 0.87,
  w: 0.78,
  M: 0.9,
  W: 0.95,
};
const WIDE = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;
const UPPER = /\p{Lu}/u;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function emOf(grapheme: string): number {
  const known = LATIN_EM[grapheme];
  if (known !== undefined) return known;
  if (WIDE.test(grapheme)) return 1;
  if (/\p{Nd}/u.test(grapheme)) return 0.57;
  return UPPER.test(grapheme) ? 0.66 : 0.56;
}

/** The width in pixels of `text` in `font` (a CSS font shorthand; its pixel size is what counts). */
export function textWidth(text: string, font = '12px sans-serif'): number {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
  let ems = 0;
  for (const { segment } of segmenter.segment(text)) ems += emOf(segment);
  return ems * size;
}

const wordSegmenters = new Map<string, Intl.Segmenter>();

/**
 * `text` in lines (joined by newlines) no wider than `width` pixels, broken between words as the
 * language finds them (Khmer writes no spaces between words; ICU knows where they end). A word
 * wider than a line stays whole on its own line.
 */
export function wrapLabel(text: string, width: number, lng: string, font = '12px sans-serif'): string {
  let words = wordSegmenters.get(lng);
  if (!words) wordSegmenters.set(lng, (words = new Intl.Segmenter(lng, { granularity: 'word' })));
  const lines: string[] = [];
  let line = '';
  for (const { segment } of words.segment(text)) {
    const longer = line + segment;
    if (line.trim() && textWidth(longer.trimEnd(), font) > width) {
      lines.push(line.trimEnd());
      line = segment.trimStart();
    } else line = longer;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.join('\n');
}
