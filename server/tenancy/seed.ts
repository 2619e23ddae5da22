/**
 * Seed data written when a tenant is provisioned. Idempotent: re-running changes nothing.
 * Demo accounts are created only for the embedded default and training sandboxes.
 */
import argon2 from 'argon2';
import type { Knex } from 'knex';
import { loadKnowledgeArticles } from '../callcenter/knowledge-files.js';
import type { TenantKeys } from '../crypto/tenant-keys.js';
import type { Language } from '../i18n/languages.js';
import type { TenantHandle } from './tenant-handle.js';

/** The demo password, printed at start and listed in the README. Demo data only. */
export const DEMO_PASSWORD = 'Demo-Procure-2026';

/**
 * The demo accounts' authenticator key (listed in the README), so a trainer can add it to any
 * authenticator app once and sign in as every demo role that requires two-step verification.
 */
export const DEMO_TOTP_SECRET = 'KONEPSDEMOKONEPSDEMOKONEPSDEMO23';

export const DEMO_ROLES = ['tenant-admin', 'officer', 'evaluator', 'auditor', 'supplier'] as const;

/**
 * A second officer of the demo agency (`checker@<slug>.demo`): where the tenant's rules ask for
 * mutual checks, the officer's actions wait for them (server/approvals/mutual-checks.ts).
 */
export const DEMO_CHECKER = 'checker' as const;

export function demoEmail(slug: string, role: string): string {
  return `${role}@${slug}.demo`;
}

interface DemoNames {
  agency: string;
  company: string;
  representative: string;
  address: string;
  people: Record<(typeof DEMO_ROLES)[number] | typeof DEMO_CHECKER, string>;
}

/** The demo data's names in each shipped language, so a demo tenant reads as its own. */
const DEMO_NAMES: Record<Language, DemoNames> = {
  en: {
    agency: 'Ministry of Planning (demo)',
    company: 'Demo Trading Co.',
    representative: 'Demo Representative',
    address: 'Demo Street 1',
    people: {
      'tenant-admin': 'Demo administrator',
      officer: 'Demo procurement officer',
      checker: 'Demo second officer (mutual checks)',
      evaluator: 'Demo evaluator',
      auditor: 'Demo auditor',
      supplier: 'Demo supplier',
    },
  },
  ko: {
    agency: '기획부 (시연)',
    company: '시연무역 주식회사',
    representative: '시연 대표자',
    address: '시연로 1',
    people: {
      'tenant-admin': '시연 관리자',
      officer: '시연 조달 담당관',
      checker: '시연 확인 담당관 (상호 확인)',
      evaluator: '시연 평가위원',
      auditor: '시연 감사관',
      supplier: '시연 공급자',
    },
  },
  ckb: {
    agency: 'وەزارەتی پلاندانان (نموونە)',
    company: 'کۆمپانیای بازرگانیی نموونە',
    representative: 'نوێنەری نموونە',
    address: 'شەقامی نموونە ١',
    people: {
      'tenant-admin': 'بەڕێوەبەری نموونە',
      officer: 'فەرمانبەری کڕینی نموونە',
      checker: 'فەرمانبەری دووەمی نموونە (پشکنینی دوولایەنە)',
      evaluator: 'هەڵسەنگێنەری نموونە',
      auditor: 'وردبینی نموونە',
      supplier: 'دابینکەری نموونە',
    },
  },
  ar: {
    agency: 'وزارة التخطيط (تجريبي)',
    company: 'شركة التجارة التجريبية',
    representative: 'الممثل التجريبي',
    address: 'الشارع التجريبي ١',
    people: {
      'tenant-admin': 'المسؤول التجريبي',
      officer: 'موظف المشتريات التجريبي',
      checker: 'الموظف الثاني التجريبي (التحقق المتبادل)',
      evaluator: 'المقيّم التجريبي',
      auditor: 'المدقق التجريبي',
      supplier: 'المورّد التجريبي',
    },
  },
  vi: {
    agency: 'Bộ Kế hoạch (thử nghiệm)',
    company: 'Công ty Thương mại Thử nghiệm',
    representative: 'Người đại diện thử nghiệm',
    address: 'Số 1 phố Thử nghiệm',
    people: {
      'tenant-admin': 'Quản trị viên thử nghiệm',
      officer: 'Cán bộ mua sắm thử nghiệm',
      checker: 'Cán bộ thứ hai thử nghiệm (kiểm tra chéo)',
      evaluator: 'Chuyên gia đánh giá thử nghiệm',
      auditor: 'Kiểm toán viên thử nghiệm',
      supplier: 'Nhà cung cấp thử nghiệm',
    },
  },
  km: {
    agency: 'ក្រសួងផែនការ (សាកល្បង)',
    company: 'ក្រុមហ៊ុនពាណិជ្ជកម្មសាកល្បង',
    representative: 'តំណាងសាកល្បង',
    address: 'ផ្លូវសាកល្បង ១',
    people: {
      'tenant-admin': 'អ្នកគ្រប់គ្រងសាកល្បង',
      officer: 'មន្ត្រីលទ្ធកម្មសាកល្បង',
      checker: 'មន្ត្រីទីពីរសាកល្បង (ការពិនិត្យទៅវិញទៅមក)',
      evaluator: 'អ្នកវាយតម្លៃសាកល្បង',
      auditor: 'សវនករសាកល្បង',
      supplier: 'អ្នកផ្គត់ផ្គង់សាកល្បង',
    },
  },
  tet: {
    agency: 'Ministériu Planeamentu (demonstrasaun)',
    company: 'Kompañia Komérsiu Demonstrasaun',
    representative: 'Reprezentante demonstrasaun',
    address: 'Dalan Demonstrasaun 1',
    people: {
      'tenant-admin': 'Administradór demonstrasaun',
      officer: 'Ofisiál aprovizionamentu demonstrasaun',
      checker: 'Ofisiál daruak demonstrasaun (verifikasaun mútua)',
      evaluator: 'Avaliadór demonstrasaun',
      auditor: 'Auditór demonstrasaun',
      supplier: 'Fornesedór demonstrasaun',
    },
  },
  pt: {
    agency: 'Ministério do Planeamento (demonstração)',
    company: 'Sociedade Comercial de Demonstração',
    representative: 'Representante de demonstração',
    address: 'Rua da Demonstração, 1',
    people: {
      'tenant-admin': 'Administrador de demonstração',
      officer: 'Técnico de aprovisionamento de demonstração',
      checker: 'Segundo técnico de demonstração (verificação mútua)',
      evaluator: 'Avaliador de demonstração',
      auditor: 'Auditor de demonstração',
      supplier: 'Fornecedor de demonstração',
    },
  },
};

/** A name in each of the tenant's languages (and English), as multilingual columns keep them. */
function inLanguages(languages: readonly Language[], pick: (names: DemoNames) => string): string {
  return JSON.stringify(
    Object.fromEntries([...new Set([...languages, 'en' as const])].map((l) => [l, pick(DEMO_NAMES[l])])),
  );
}

let demoHash: Promise<string> | undefined;
/**
 * A company approved to bid in every category from now for two years, with its integrity pledge
 * signed: how demo and training companies start (the columns of `suppliers` that say so).
 */
export function approvedToBid(tx: Knex.Transaction) {
  return {
    categories: ['goods', 'services', 'works', 'ict'],
    status: 'approved',
    pledge_signed_at: tx.raw('app_now()'),
    submitted_at: tx.raw('app_now()'),
    decided_at: tx.raw('app_now()'),
    valid_until: tx.raw(`app_now() + interval '2 years'`),
  };
}

/** One argon2id hash shared by all demo accounts: hashing is slow on purpose, demo data need not be. */
export function demoPasswordHash(): Promise<string> {
  demoHash ??= argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id });
  return demoHash;
}

export async function seedTenant(
  tx: Knex.Transaction,
  tenant: TenantHandle,
  demo: boolean,
  keys: TenantKeys,
): Promise<void> {
  await tx('instance').insert({ slug: tenant.slug }).onConflict('singleton').ignore();
  // A new tenant's first data key is random (one made before data keys existed already has its own).
  await keys.ensureTenantKey(tx, tenant.slug, 'random');
  if (!demo) return;
  const hash = await demoPasswordHash();
  const locale = tenant.config.locales.default;
  const languages = tenant.config.locales.supported;
  // One person has one name: the demo accounts carry theirs in the tenant's own language.
  const own = DEMO_NAMES[locale];
  const totp = (await keys.forTenant(tx, tenant.slug)).seal('totp-secret', DEMO_TOTP_SECRET);
  await tx('agencies')
    .insert({ code: 'DEMO', name: inLanguages(languages, (n) => n.agency) })
    .onConflict('code')
    .ignore();
  const agency = await tx('agencies').where({ code: 'DEMO' }).first<{ id: string }>('id');
  // The demo supplier's company: registered, approved and able to bid.
  await tx('suppliers')
    .insert({
      legal_name: inLanguages(languages, (n) => n.company),
      registration_no: 'DEMO-0001',
      tax_id: 'DEMO-TAX-0001',
      representative: own.representative,
      address: own.address,
      contact_email: demoEmail(tenant.slug, 'supplier'),
      contact_phone: '+00 000 0000',
      ...approvedToBid(tx),
    })
    .onConflict(tx.raw('(lower(registration_no))'))
    .ignore();
  const company = await tx('suppliers').where({ registration_no: 'DEMO-0001' }).first<{ id: string }>('id');
  await tx('users')
    .insert(
      [...DEMO_ROLES, DEMO_CHECKER].map((role) => ({
        email: demoEmail(tenant.slug, role),
        display_name: own.people[role],
        locale,
        roles: role === 'supplier' ? ['supplier-admin', 'supplier'] : role === DEMO_CHECKER ? ['officer'] : [role],
        supplier_id: role === 'supplier' ? company.id : null,
        password_hash: hash,
        email_verified_at: tx.raw('app_now()'),
        agency_id: role === 'officer' || role === DEMO_CHECKER ? agency.id : null,
        // Suppliers may go without a second factor; every other demo role has it ready.
        ...(role === 'supplier' ? {} : { totp_secret_sealed: totp, totp_enabled_at: tx.raw('app_now()') }),
      })),
    )
    .onConflict(tx.raw('(lower(email))'))
    .ignore();
  // The call center's shipped help articles, in the tenant's languages.
  await loadKnowledgeArticles(tx, tenant);
}
