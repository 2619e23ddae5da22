/**
 * The portal's front page: what is published and where (each list with its count), the
 * statistics, the open data in the Open Contracting Data Standard at the tenant's API, and the
 * signed audit heads, each with a sentence saying what it is for.
 */
import type { ExportFile } from '../ocds/exports.js';
import type { Reader } from './formats.js';
import type { Published } from './front-read.js';
import { LIST_NAMES } from './lists-read.js';
import { portalNav, portalPath } from './nav.js';

/** What a bulk file holds: its releases, and its size in kilobytes with one decimal. */
function contents(r: Reader, f: ExportFile): string {
  const size = r.days(Math.max(0.1, f.sizeBytes / 1024));
  return r.t('transparency:file_contents', { count: f.releases, number: r.number(f.releases), size });
}

export function frontPageModel(r: Reader, published: Published, files: ExportFile[]) {
  const api = `${r.base}/api/v1/ocds`;
  return {
    title: r.t('transparency:front_title'),
    intro: r.t('transparency:front_intro'),
    nav: portalNav(r, 'front'),
    lists: LIST_NAMES.map((list) => ({
      href: portalPath(r, list),
      label: r.t(`transparency:${list}_title`),
      description: r.t(`transparency:${list}_intro`),
      count: r.t('transparency:published_count', { count: published[list], number: r.number(published[list]) }),
    })),
    statisticsHref: portalPath(r, 'statistics'),
    openData: [
      {
        href: `${api}/release-packages`,
        label: r.t('transparency:ocds_releases'),
        description: r.t('transparency:ocds_releases_text'),
      },
      {
        href: `${api}/record-packages`,
        label: r.t('transparency:ocds_records'),
        description: r.t('transparency:ocds_records_text'),
      },
      {
        href: `${api}/exports`,
        label: r.t('transparency:ocds_exports'),
        description: r.t('transparency:ocds_exports_text'),
      },
    ],
    bulkFiles: files.map((f) => ({
      href: `${api}/exports/${f.fileName}`,
      name: f.fileName,
      written: r.time(f.createdAt),
      contents: contents(r, f),
      sha256: f.sha256,
    })),
    headsHref: portalPath(r, 'audit-heads'),
    headsCount: r.t('transparency:heads_count', { count: published.heads, number: r.number(published.heads) }),
  };
}
