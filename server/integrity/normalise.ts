/**
 * Contact details as the shared-contact flag compares them: normalised so that case, spacing and
 * punctuation do not hide a shared value, and placeholders do not make one up.
 */
/** E-mail addresses compare without case or surrounding space. */
export function normaliseEmail(value: string | null | undefined): string | null {
  const email = value?.trim().toLowerCase();
  return email ? email : null;
}

/**
 * Phone numbers compare by their digits. Fewer than six digits, or one digit repeated (a
 * placeholder such as +00 000 0000), says nothing about who the supplier is.
 */
export function normalisePhone(value: string | null | undefined): string | null {
  const digits = (value ?? '').replace(/\D/g, '');
  if (digits.length < 6 || /^(\d)\1*$/.test(digits)) return null;
  return digits;
}

/** Addresses compare by their letters and digits, whatever the case, punctuation or spacing. */
export function normaliseAddress(value: string | null | undefined): string | null {
  const text = (value ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return text.length >= 4 ? text : null;
}
