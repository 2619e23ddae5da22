/**
 * What a caller's words on the phone may be: the console's one search box reads a query as every
 * kind it could be at once: a notice number (with or without its revision suffix), a bid receipt
 * number, an e-mail address, a telephone number, a registration number or a name in any script.
 */
export interface ConsoleQuery {
  /** The query as typed, trimmed. */
  text: string;
  /** A notice number without its revision suffix: R26BK00000001 for R26BK00000001-002. */
  noticeBase?: string;
  /** A bid receipt number, upper case: R26BK00000001-000-B000042. */
  receiptNo?: string;
  email?: string;
  /** The digits of a telephone number (six or more), whatever the spaces, dashes and brackets. */
  phoneDigits?: string;
}

const NOTICE = /^(R\d{2}[A-Z]{2}\d{8})(?:-\d{1,3})?$/;
const RECEIPT = /^R\d{2}[A-Z]{2}\d{8}-\d{3}-B\d{6}$/;
const PHONE = /^\+?[\d\s().-]{6,}$/;

export function readConsoleQuery(typed: string): ConsoleQuery {
  const text = typed.normalize('NFKC').trim();
  const upper = text.toUpperCase().replace(/\s+/g, '');
  const query: ConsoleQuery = { text };
  const notice = NOTICE.exec(upper);
  if (notice) query.noticeBase = notice[1]!;
  if (RECEIPT.test(upper)) {
    query.receiptNo = upper;
    query.noticeBase = upper.slice(0, 13);
  }
  if (text.includes('@')) query.email = text.toLowerCase();
  const digits = text.replace(/\D/g, '');
  if (PHONE.test(text) && digits.length >= 6) query.phoneDigits = digits;
  return query;
}
