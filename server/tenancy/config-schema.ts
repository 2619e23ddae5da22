/**
 * The shape of `tenants/<slug>.yaml`: one partner government's settings. Validated at boot; an
 * invalid file stops the process with a message naming the file and the field.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CALL_TOPICS, DEFAULT_CALL_CENTER, IDENTITY_CHECKS } from '../callcenter/catalog.js';
import { LANGUAGES } from '../i18n/languages.js';
import { overrideProblems } from '../i18n/terminology.js';
import { isRuleId, RULE_VALUES } from '../regulations/catalogue.js';
import { isTimeZone } from '../time/zone.js';
import { SLUG_PATTERN } from './slug.js';

const language = z.enum(LANGUAGES);
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');
const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written #rrggbb');
const phoneNumber = z
  .string()
  .regex(/^\+?[0-9][0-9 ()-]{2,24}$/, 'must be a telephone number of digits, spaces and dashes, e.g. +964 66 123 4567');

/** The emblem every tenant gets unless its file names its own. */
export const DEFAULT_EMBLEM = 'default.svg';
const EMBLEMS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public/emblems');
const emblemFile = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*\.svg$/, 'must be the name of an SVG file in public/emblems/, e.g. kurdistan.svg')
  .refine((file) => existsSync(path.join(EMBLEMS_DIR, file)), 'names no file in public/emblems/');

const timeZone = z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Baghdad');

const currency = z
  .string()
  .refine((c) => Intl.supportedValuesOf('currency').includes(c), 'must be an ISO 4217 currency code');

/** Text given per language, e.g. `{ ckb: ..., ar: ..., en: ... }`. */
export const LocalizedText = z
  .partialRecord(language, z.string().min(1))
  .refine((v) => Object.keys(v).length > 0, 'must give the text in at least one language');

/**
 * One version of one rule. The full rule catalogue belongs to the regulations engine; here every
 * version must at least say when it applies and where it comes from.
 */
export const RuleVersion = z
  .object({
    id: z.string().refine(isRuleId, 'is not a rule of the catalogue (server/regulations/catalogue.ts)'),
    version: z.number().int().positive(),
    effectiveFrom: isoDate,
    effectiveTo: isoDate.optional(),
    /** Law and article, or `assumption` where the value is a configurable default. */
    source: z.union([z.string().min(3), z.literal('assumption')]),
    /** Shown with decisions made under this version, e.g. "special measures". */
    label: z.string().min(1).optional(),
    value: z.unknown(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (!isRuleId(rule.id)) return;
    const parsed = RULE_VALUES[rule.id].safeParse(rule.value);
    for (const issue of parsed.error?.issues ?? []) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: ['value', ...issue.path] });
    }
    if (rule.effectiveTo && rule.effectiveTo < rule.effectiveFrom) {
      ctx.addIssue({ code: 'custom', message: 'must not be before effectiveFrom', path: ['effectiveTo'] });
    }
  });

export const TenantConfigSchema = z
  .object({
    slug: z.string().regex(SLUG_PATTERN, `must match ${SLUG_PATTERN}`),
    names: LocalizedText,
    country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 country code'),
    locales: z
      .object({ default: language, supported: z.array(language).min(1) })
      .strict()
      .refine((l) => l.supported.includes(l.default), {
        message: 'default must be one of the supported languages',
        path: ['default'],
      }),
    currency,
    numberingSystem: z.enum(['latn', 'arab']).default('latn'),
    timeZone,
    weekend: z.array(weekday).min(1).max(3),
    holidays: z
      .object({
        /** Country code for the date-holidays package, where it knows the country. */
        calendar: z
          .string()
          .regex(/^[A-Z]{2}$/)
          .optional(),
        dates: z.array(z.object({ date: isoDate, name: LocalizedText }).strict()).default([]),
      })
      .strict()
      .default({ dates: [] }),
    hosts: z.array(z.string().regex(/^[a-z0-9.-]+(:\d+)?$/, 'must be a lower-case host name')).default([]),
    branding: z
      .object({
        primaryColor: hexColour,
        accentColor: hexColour,
        /** The emblem in the page header and the browser tab: an SVG file in public/emblems/. */
        emblem: emblemFile.default(DEFAULT_EMBLEM),
      })
      .strict()
      .default({ primaryColor: '#1f4e79', accentColor: '#c9a227', emblem: DEFAULT_EMBLEM }),
    /** Who runs the system and how people reach them: the footer of every page and the help page. */
    contact: z
      .object({
        operator: LocalizedText,
        callCenter: phoneNumber,
        email: z.email('must be an e-mail address'),
        address: LocalizedText.optional(),
        /** When the call center answers, e.g. "Sunday to Thursday, 8:00 to 16:00". */
        hours: LocalizedText.optional(),
      })
      .strict()
      .optional(),
    /** The call center's topics and identity checklist for this tenant (server/callcenter/catalog.ts). */
    callCenter: z
      .object({
        topics: z.array(z.enum(CALL_TOPICS)).min(1),
        identityChecks: z.array(z.enum(IDENTITY_CHECKS)).min(1),
        checksRequired: z.number().int().min(1).max(IDENTITY_CHECKS.length),
      })
      .strict()
      .refine((c) => c.checksRequired <= c.identityChecks.length, {
        message: 'must not ask for more checks than the checklist has',
        path: ['checksRequired'],
      })
      .default(DEFAULT_CALL_CENTER),
    /**
     * What the tenant publishes as open data (server/ocds/): the OCDS prefix registered for its
     * publisher, the org-id scheme of its company registry (parties' identifiers) and whether the
     * integrity red flags are shown to the public (auditors always see them).
     */
    transparency: z
      .object({
        ocidPrefix: z.string().regex(/^ocds-[a-z0-9]{6}$/, 'must be an OCDS prefix such as ocds-abc123'),
        registryScheme: z.string().regex(/^[A-Z]{2}(-[A-Z0-9]+)+$/, 'must be an org-id scheme such as KR-BRN'),
        publicRedFlags: z.boolean().default(false),
      })
      .strict()
      .optional(),
    features: z.record(z.string(), z.boolean()).default({}),
    placement: z
      .object({
        databaseUrlEnv: z
          .string()
          .regex(/^[A-Z][A-Z0-9_]*_DATABASE_URL$/, 'must name an environment variable ending in _DATABASE_URL'),
      })
      .strict()
      .optional(),
    regulations: z
      .object({ rules: z.array(RuleVersion).default([]) })
      .strict()
      .default({ rules: [] })
      .superRefine((regs, ctx) => {
        const seen = new Set<string>();
        regs.rules.forEach((r, i) => {
          const key = `${r.id} v${r.version}`;
          if (seen.has(key))
            ctx.addIssue({ code: 'custom', message: `${key} appears twice`, path: ['rules', i, 'version'] });
          seen.add(key);
        });
      }),
    /**
     * The tenant's own terms over the shipped locale: `{ <lng>: { "ns:key": text } }` (see
     * server/i18n/terminology.ts). Each key must exist in English and keep its placeholders.
     */
    terminology: z.partialRecord(language, z.record(z.string(), z.string().min(1))).optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const [lng, terms] of Object.entries(config.terminology ?? {})) {
      if (!config.locales.supported.includes(lng as (typeof LANGUAGES)[number])) {
        ctx.addIssue({ code: 'custom', message: 'is not one of locales.supported', path: ['terminology', lng] });
      }
      for (const [key, text] of Object.entries(terms ?? {})) {
        for (const message of overrideProblems(key, text)) {
          ctx.addIssue({ code: 'custom', message, path: ['terminology', lng, key] });
        }
      }
    }
  });

export type TenantConfig = z.infer<typeof TenantConfigSchema>;
