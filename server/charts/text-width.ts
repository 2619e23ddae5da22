/**
 * How wide a label will be, measured without a browser: the server has no canvas to ask. Close
 * enough for a chart to leave room for its labels in every script the platform ships (Latin,
 * Arabic, Khmer, Hangul): each letter as a person sees it (a grapheme, so Arabic and Khmer marks
 * add nothing), Latin by the width table of a sans-serif face, the others by what Noto Sans
 * measured in a browser (Hangul a full em, a Khmer syllable 0.85, a joined Arabic letter 0.45). Long
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
/** Khmer syllables (a consonant with its stacked subscripts and vowels) are broad. */
const KHMER = /[\u1780-\u17ff\u19e0-\u19ff]/u;
/** Arabic letters joined in a word are narrow. */
const ARABIC = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/u;
const UPPER = /\p{Lu}/u;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function emOf(grapheme: string): number {
  const known = LATIN_EM[grapheme];
  if (known !== undefined) return known;
  if (WIDE.test(grapheme)) return 1;
  if (KHMER.test(grapheme)) return 0.85;
  if (ARABIC.test(grapheme)) return 0.45;
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
 * The pieces a line may break between: the text's space-separated words, punctuation kept on
 * its word ("(codes)"); a word wider than a line, in a script written without spaces (Khmer),
 * is cut where ICU finds its words end.
 */
function breakable(text: string, width: number, lng: string, font: string): string[] {
  let words = wordSegmenters.get(lng);
  if (!words) wordSegmenters.set(lng, (words = new Intl.Segmenter(lng, { granularity: 'word' })));
  return text
    .split(/(?<=\s)/)
    .flatMap((piece) =>
      textWidth(piece.trimEnd(), font) > width ? [...words.segment(piece)].map((s) => s.segment) : [piece],
    );
}

/**
 * `text` in lines (joined by newlines) no wider than `width` pixels, broken between words. A
 * word wider than a line stays whole on its own line.
 */
export function wrapLabel(text: string, width: number, lng: string, font = '12px sans-serif'): string {
  const lines: string[] = [];
  let line = '';
  for (const piece of breakable(text, width, lng, font)) {
    const longer = line + piece;
    if (line.trim() && textWidth(longer.trimEnd(), font) > width) {
      lines.push(line.trimEnd());
      line = piece.trimStart();
    } else line = longer;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.join('\n');
}
