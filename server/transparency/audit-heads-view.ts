/** The audit heads page: each signed head in the reader's words, with its link to the JSON a verifier reads. */
import type { Reader } from './formats.js';
import type { PublicHead } from './audit-heads-read.js';
import { portalNav, portalPath } from './nav.js';

export function auditHeadsPageModel(r: Reader, heads: PublicHead[], page: number, more: boolean) {
  const api = `${r.base}/api/v1/audit/heads`;
  const here = portalPath(r, 'audit-heads');
  return {
    title: r.t('transparency:audit_heads_title'),
    nav: portalNav(r, 'audit-heads'),
    apiHref: api,
    heads: heads.map((h) => ({
      block: r.number(h.blockNo),
      range: r.t('transparency:sequence_range', { first: r.number(h.firstSeq), last: r.number(h.lastSeq) }),
      entries: r.number(h.entries),
      signedAt: r.time(h.signedAt),
      hash: h.blockHash,
      keyId: h.keyId,
      // The API lists heads after a block number: the one before this head names this head first.
      verifyHref: `${api}?after=${h.blockNo - 1}&limit=1`,
    })),
    pageText: r.t('transparency:page_number', { page: r.number(page) }),
    previous: page > 1 ? `${here}?page=${page - 1}` : undefined,
    next: more ? `${here}?page=${page + 1}` : undefined,
  };
}
