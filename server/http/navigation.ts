/** The links a page's navigation offers: only what the signed-in user may use. */
import type { TFunction } from 'i18next';
import { can, type Action } from '../identity/policy.js';
import type { SessionUser } from '../identity/users.js';

const LINKS: { path: string; key: string; action: Action }[] = [
  { path: '/plans/mine', key: 'common:nav_my_plans', action: 'plans:manage' },
  { path: '/notices-desk', key: 'common:nav_my_notices', action: 'notices:manage' },
  { path: '/deliveries', key: 'deliveries:list_title', action: 'notices:manage' },
  { path: '/deliveries', key: 'deliveries:list_title', action: 'supplier:read-own' },
  { path: '/frameworks', key: 'frameworks:nav', action: 'notices:manage' },
  { path: '/frameworks/mine', key: 'frameworks:nav_mine', action: 'supplier:read-own' },
  // Catalog buying (procurement/orders): the agency's orders, the supplier's incoming ones.
  { path: '/orders', key: 'orders:nav_orders', action: 'notices:manage' },
  { path: '/orders/incoming', key: 'orders:nav_incoming', action: 'invoices:submit' },
  { path: '/supplier', key: 'common:nav_company', action: 'supplier:read-own' },
  { path: '/alerts', key: 'alerts:nav', action: 'alerts:manage-own' },
  { path: '/admin/suppliers', key: 'common:nav_suppliers', action: 'suppliers:review' },
  { path: '/admin/users', key: 'common:nav_users', action: 'users:manage' },
  { path: '/admin/agencies', key: 'common:nav_agencies', action: 'agencies:manage' },
  { path: '/admin/targets', key: 'targets:nav', action: 'agencies:manage' },
  { path: '/admin/approvals', key: 'approvals:nav', action: 'approvals:decide' },
  { path: '/audit', key: 'common:nav_audit', action: 'audit:read' },
  { path: '/integrity', key: 'integrity:nav', action: 'integrity:read' },
  { path: '/rules', key: 'common:nav_rules', action: 'rules:read' },
];

export function navigationFor(
  user: SessionUser | undefined,
  basePath: string,
  t: TFunction,
  /**
   * `pendingApprovals`: how many requests wait for this user's decision, written in their language.
   * `mutualChecks`: the tenant's rules put some actions under a second officer, who decides them
   * on the approvals page (elsewhere only the administrators have one).
   */
  options: { outboxPage?: boolean; sandbox?: boolean; pendingApprovals?: string; mutualChecks?: boolean } = {},
): { href: string; label: string }[] {
  const everyone = [
    { href: `${basePath}/notices`, label: t('common:nav_notices') },
    { href: `${basePath}/pre-specifications`, label: t('prespec:title') },
    { href: `${basePath}/contracts`, label: t('contracts:list_title') },
    { href: `${basePath}/mall`, label: t('mall:nav') },
    { href: `${basePath}/plans`, label: t('common:nav_plans') },
    { href: `${basePath}/transparency`, label: t('transparency:front_title') },
    { href: `${basePath}/innovation`, label: t('innovation:list_title') },
  ];
  if (!user) return [...everyone, { href: `${basePath}/register`, label: t('common:nav_register') }];
  const outbox =
    options.outboxPage && can(user, 'outbox:read')
      ? [{ href: `${basePath}/outbox`, label: t('mail:outbox_title') }]
      : [];
  const offered = (l: (typeof LINKS)[number]) =>
    can(user, l.action) &&
    (l.path !== '/admin/approvals' ||
      user.roles.includes('tenant-admin') ||
      options.mutualChecks === true ||
      options.pendingApprovals !== undefined);
  return [
    { href: `${basePath}/work`, label: t('work:nav') },
    ...everyone,
    ...LINKS.filter((l, i) => offered(l) && !LINKS.slice(0, i).some((o) => o.path === l.path && offered(o))).map(
      (l) => ({
        href: `${basePath}${l.path}`,
        label:
          l.path === '/admin/approvals' && options.pendingApprovals
            ? t('approvals:nav_pending', { number: options.pendingApprovals })
            : t(l.key),
      }),
    ),
    ...outbox,
    // In a training sandbox no e-mail leaves: each trainee reads theirs here.
    ...(options.sandbox ? [{ href: `${basePath}/my-mail`, label: t('sandbox:my_mail') }] : []),
  ];
}
