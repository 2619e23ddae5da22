/** Helpers for tests that drive the pages like a browser: CSRF tokens, sign-in, TOTP codes. */
import type { Express } from 'express';
import { generate } from 'otplib';
import request from 'supertest';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../server/tenancy/seed.js';

export type Agent = ReturnType<typeof request.agent>;

export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1]!;
}

export async function currentTotp(secret = DEMO_TOTP_SECRET): Promise<string> {
  return generate({ secret });
}

/**
 * The server refuses a TOTP code whose time step was already used (replay protection) and accepts
 * the next step early. So an account signs in at most twice per 30-second window here; a third
 * sign-in waits for the next window, as a person would.
 */
const usedSteps = new Map<string, number>();
export async function freshTotp(account: string, secret: string = DEMO_TOTP_SECRET): Promise<string> {
  for (;;) {
    const step = Math.floor(Date.now() / 30_000);
    const next = Math.max(step, (usedSteps.get(account) ?? -1) + 1);
    if (next <= step + 1) {
      usedSteps.set(account, next);
      return generate({ secret, epoch: next * 30 });
    }
    await new Promise((r) => setTimeout(r, (step + 1) * 30_000 - Date.now() + 50));
  }
}

/** Signs a demo account in through the pages (password, then TOTP when it has one). */
export async function signIn(
  app: Express,
  slug: string,
  email: string,
  options: { password?: string; totpSecret?: string; address?: string; base?: string } = {},
): Promise<Agent> {
  const agent = request.agent(app);
  // A training sandbox is served under /s/<slug>.
  const base = options.base ?? `/t/${slug}`;
  // With TRUST_PROXY set, a test can stand at a client address of its choosing.
  if (options.address) agent.set('X-Forwarded-For', options.address);
  const form = await agent.get(`${base}/login`).expect(200);
  const res = await agent
    .post(`${base}/login`)
    .type('form')
    .send({ _csrf: csrfFrom(form.text), email, password: options.password ?? DEMO_PASSWORD });
  if (res.status !== 303) throw new Error(`sign-in refused with ${res.status}: ${res.text.slice(0, 600)}`);
  if (String(res.headers.location).includes('/login/second-factor')) {
    const page = await agent.get(String(res.headers.location)).expect(200);
    const done = await agent
      .post(`${base}/login/second-factor`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        code: await freshTotp(`${slug}/${email}`, options.totpSecret ?? DEMO_TOTP_SECRET),
      });
    if (done.status !== 303) throw new Error(`second factor refused with ${done.status}`);
  }
  return agent;
}

/** A platform staff member signed in on the desk, with password and authenticator code. */
export async function staffSignIn(app: Express, email: string, secret: string = DEMO_TOTP_SECRET): Promise<Agent> {
  const agent = request.agent(app);
  const form = await agent.get('/platform/login').expect(200);
  await agent
    .post('/platform/login')
    .type('form')
    .send({ _csrf: csrfFrom(form.text), email, password: DEMO_PASSWORD, code: await freshTotp(email, secret) })
    .expect(303);
  return agent;
}
