/**
 * Passwords: argon2id hashes; a new password needs at least 12 characters and must not be easy to
 * guess (zxcvbn-ts with its bundled common-password and name dictionaries).
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import argon2 from 'argon2';

const strength = new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs });

export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash of nothing anybody knows, checked when the account does not exist: equal timing. */
let decoy: Promise<string> | undefined;
export async function spendPasswordCheckTime(password: string): Promise<void> {
  decoy ??= hashPassword('decoy password that matches no account');
  await verifyPassword(await decoy, password);
}

/** The i18n key of what is wrong with a new password, or undefined when it is acceptable. */
export function passwordProblem(password: string, userInputs: string[] = []): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return 'identity:password_too_short';
  if (password.length > 256) return 'identity:password_too_long';
  if (strength.check(password, userInputs).score < 3) return 'identity:password_too_common';
  return undefined;
}
