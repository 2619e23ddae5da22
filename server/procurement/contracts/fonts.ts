/**
 * Fonts for the printable contract, shipped as npm packages (@fontsource Noto Sans Arabic, Khmer,
 * KR) and inlined as data: URLs, so the page prints the same on a machine with no fonts and no
 * network. Each package is split by Unicode range (Noto Sans KR into ~120 files): only the files
 * whose range holds a character of the page are inlined.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Language } from '../../i18n/languages.js';

const require = createRequire(import.meta.url);

const PACKAGES = [
  { name: '@fontsource/noto-sans-arabic', family: 'Noto Sans Arabic' },
  { name: '@fontsource/noto-sans-khmer', family: 'Noto Sans Khmer' },
  { name: '@fontsource/noto-sans-kr', family: 'Noto Sans KR' },
] as const;
const WEIGHTS = [400, 700] as const;

interface Face {
  family: string;
  weight: number;
  file: string;
  ranges: [number, number][];
}

let faces: Face[] | undefined;

function parseRanges(text: string): [number, number][] {
  return text.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    return [parseInt(from!, 16), parseInt(to ?? from!, 16)];
  });
}

/** The @font-face rules of the packages, read once from their CSS. */
function allFaces(): Face[] {
  if (faces) return faces;
  const found: Face[] = [];
  for (const pkg of PACKAGES) {
    for (const weight of WEIGHTS) {
      const css = require.resolve(`${pkg.name}/${weight}.css`);
      const text = readFileSync(css, 'utf8');
      for (const block of text.match(/@font-face\s*{[^}]*}/g) ?? []) {
        const file = /url\(\.\/(files\/[^)]+\.woff2)\)/.exec(block)?.[1];
        const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
        if (!file || !range) continue;
        found.push({
          family: pkg.family,
          weight,
          file: path.join(path.dirname(css), file),
          ranges: parseRanges(range),
        });
      }
    }
  }
  faces = found;
  return found;
}

const cache = new Map<string, string>();
function dataUrl(file: string): string {
  let url = cache.get(file);
  if (!url) {
    url = `data:font/woff2;base64,${readFileSync(file).toString('base64')}`;
    // The Korean subsets add up to megabytes; keep a bounded number in memory.
    if (cache.size > 200) cache.clear();
    cache.set(file, url);
  }
  return url;
}

/** The family stack for a language: its script's Noto first, the others after it. */
export function fontStack(lng: Language): string {
  const first = lng === 'ckb' || lng === 'ar' ? 'Noto Sans Arabic' : lng === 'km' ? 'Noto Sans Khmer' : 'Noto Sans KR';
  const rest = PACKAGES.map((p) => p.family).filter((f) => f !== first);
  return [first, ...rest].map((f) => `'${f}'`).join(', ') + ', sans-serif';
}

/** @font-face rules (fonts inlined) covering every character of `text`. */
export function inlineFontCss(text: string): string {
  const points = new Set<number>();
  for (const ch of text) points.add(ch.codePointAt(0)!);
  const used = allFaces().filter((f) => f.ranges.some(([from, to]) => [...points].some((p) => p >= from && p <= to)));
  return used
    .map(
      (f) =>
        `@font-face{font-family:'${f.family}';font-style:normal;font-weight:${f.weight};` +
        `src:url(${dataUrl(f.file)}) format('woff2');unicode-range:${f.ranges
          .map(([a, b]) => (a === b ? `U+${a.toString(16)}` : `U+${a.toString(16)}-${b.toString(16)}`))
          .join(',')};}`,
    )
    .join('\n');
}
