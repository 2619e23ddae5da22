/**
 * The browser half of WebAuthn, served from the installed @simplewebauthn/browser package (its UMD
 * bundle sets `window.SimpleWebAuthnBrowser`) at /static/passkeys-webauthn.js: same origin, so the
 * pages' strict CSP (script-src 'self') allows it, and the version is the one the server verifies.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import { publicRoute } from '../identity/policy.js';

const require = createRequire(import.meta.url);

export function passkeyAssets(): Router {
  const router = express.Router();
  // The package exports no package.json: its CommonJS entry is script/index.js.
  const bundle = path.join(path.dirname(require.resolve('@simplewebauthn/browser')), '../dist/bundle/index.umd.min.js');
  router.get('/static/passkeys-webauthn.js', publicRoute, (_req, res) => {
    res.type('text/javascript').sendFile(bundle, { maxAge: '1h' });
  });
  return router;
}
