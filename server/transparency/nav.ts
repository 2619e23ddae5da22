/** The portal's own menu, on each of its pages: the front page, the five lists, statistics and audit heads. */
import type { Reader } from './formats.js';

export const PORTAL_PAGES = [
  'front',
  'plans',
  'notices',
  'openings',
  'awards',
  'contracts',
  'statistics',
  'audit-heads',
] as const;
export type PortalPage = (typeof PORTAL_PAGES)[number];

export const portalPath = (r: Pick<Reader, 'base'>, page: PortalPage) =>
  `${r.base}/transparency${page === 'front' ? '' : `/${page}`}`;

export function portalNav(r: Reader, current: PortalPage | undefined) {
  return PORTAL_PAGES.map((page) => ({
    href: portalPath(r, page),
    label: r.t(`transparency:nav_${page.replace('-', '_')}`),
    current: page === current,
  }));
}
