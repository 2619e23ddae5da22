/**
 * What the browser sends back from a WebAuthn ceremony (@simplewebauthn/browser's JSON), checked
 * at the edge: a form field holding JSON, parsed and shaped here; the library verifies the rest.
 */
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';

const b64url = z
  .string()
  .regex(/^[A-Za-z0-9_-]*$/)
  .max(8000);

/** A form field carrying JSON: anything that does not parse is an invalid value, not a fault. */
function jsonField<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .max(20000)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

const AuthenticationResponse = z.object({
  id: b64url.min(1),
  rawId: b64url.min(1),
  type: z.literal('public-key'),
  response: z.object({
    authenticatorData: b64url,
    clientDataJSON: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

const RegistrationResponse = z.object({
  id: b64url.min(1),
  rawId: b64url.min(1),
  type: z.literal('public-key'),
  response: z.object({
    attestationObject: b64url,
    clientDataJSON: b64url,
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url.optional(),
    authenticatorData: b64url.optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

/** The bid form's `passkeyAssertion` field (empty when the bid is not confirmed with a passkey). */
export const PasskeyAssertionField = z
  .union([z.literal('').transform(() => undefined), jsonField(AuthenticationResponse)])
  .transform((v) => v as AuthenticationResponseJSON | undefined)
  .optional();

/** The account page's registration form. */
export const RegisterForm = z.object({
  label: z.string().trim().min(1).max(60),
  response: jsonField(RegistrationResponse).transform((v) => v as RegistrationResponseJSON),
});

export const RemoveParams = z.object({ id: z.uuid() });
