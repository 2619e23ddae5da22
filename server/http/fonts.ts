/**
 * Web fonts for every page, served from the @fontsource npm packages (Noto Sans for Latin and
 * Vietnamese, Noto Sans Arabic, Khmer and KR), so Khmer and Arabic script render the same on a
 * machine with no system fonts for them. `/static/fonts.css` holds the @font-face rules (woff2
 * only, built once from the packages' CSS); each package is split by Unicode range, and a browser
 * fetches only the files whose range a page uses, from `/static/fonts/<package>/<file>.woff2`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import { publicRoute } from '../identity/policy.js';

const require = createRequire(import.meta.url);

const PACKAGES = ['noto-sans', 'noto-sans-arabic', 'noto-sans-khmer', 'noto-sans-kr'] as const;
/** app.css asks for 400, 600 and 700; 600 falls to the 700 face. */
const WEIGHTS = [400, 700] as const;

function packageDir(name: string): string {
  return path.dirname(require.resolve(`@fontsource/${name}/package.json`));
}

/** The @font-face rules of every package, pointing at this server. */
export function fontCss(): string {
  const rules: string[] = [];
  for (const name of PACKAGES) {
    for (const weight of WEIGHTS) {
      const css = readFileSync(path.join(packageDir(name), `${weight}.css`), 'utf8');
      for (const block of css.match(/@font-face\s*{[^}]*}/g) ?? []) {
        const family = /font-family:\s*([^;]+);/.exec(block)?.[1];
        const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
        const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
        if (!family || !file || !range) continue;
        rules.push(
          `@font-face{font-family:${family};font-style:normal;font-display:swap;font-weight:${weight};` +
            `src:url(/static/fonts/${name}/${file}) format('woff2');unicode-range:${range}}`,
        );
      }
    }
  }
  return rules.join('\n');
}

export function fontAssets(): Router {
  const router = express.Router();
  let css: string | undefined;
  router.get('/static/fonts.css', publicRoute, (_req, res) => {
    css ??= fontCss();
    res.type('text/css').set('Cache-Control', 'public, max-age=3600').send(css);
  });
  for (const name of PACKAGES) {
    router.use(
      `/static/fonts/${name}`,
      publicRoute,
      express.static(path.join(packageDir(name), 'files'), { maxAge: '30d', immutable: true, fallthrough: false }),
    );
  }
  return router;
}
