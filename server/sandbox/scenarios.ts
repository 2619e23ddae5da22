/**
 * Training scenarios: `tenants/scenarios/<id>.yaml`, each a situation for a class. `setup` is what
 * the real services do when a sandbox is created or reset with the scenario (notices published,
 * bids sent, the clock moved); `steps` are what each trainee then does, reached when the trail
 * holds that action by one of the trainee's accounts. Loaded once at boot; the first invalid file
 * stops the process with a message naming the file and the field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { LANGUAGES } from '../i18n/languages.js';
import { LocalizedText } from '../tenancy/config-schema.js';
import { TenantConfigError } from '../tenancy/configs.js';
import { DURATION } from '../time/duration.js';
import { EXERCISE_ROLES } from './trainees.js';

export const SCENARIOS_DIR = path.resolve('tenants/scenarios');

const key = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be a short name: small letters, digits, hyphens');
/** Which trainee acts: each one in turn, the next one (the last's next is the first), or one by number. */
const trainee = z.union([z.literal('each'), z.literal('next'), z.number().int().min(1).max(60)]);
const duration = z.string().regex(DURATION, 'must be a duration such as 3d, 12h or 30m');

const NoticeStep = z
  .object({
    notice: z
      .object({
        key,
        trainee: trainee.default('each'),
        title: LocalizedText,
        category: z.enum(['goods', 'services', 'works', 'ict']).default('goods'),
        estimatedPrice: z.number().int().positive(),
        /** Whole days from the sandbox's time to the submission deadline, at `deadlineTime` there. */
        deadlineInDays: z.number().int().min(1).max(90),
        deadlineTime: z
          .string()
          .regex(/^\d{2}:\d{2}$/)
          .default('10:00'),
        openingAfterMinutes: z.number().int().min(0).max(1440).default(30),
        bidSecurityPercent: z.number().min(0).max(10).default(2),
      })
      .strict(),
  })
  .strict();
const BidStep = z
  .object({
    bid: z
      .object({
        notice: key,
        trainee: trainee.default('next'),
        /** A share of the notice's estimated price (0.9 = 90 %). */
        priceShare: z.number().min(0.5).max(1.2),
      })
      .strict(),
  })
  .strict();
const ClockStep = z
  .object({
    clock: z.union([
      z.object({ by: duration }).strict(),
      z.object({ to: z.enum(['deadline', 'opening']), notice: key }).strict(),
    ]),
  })
  .strict();

export const ScenarioSchema = z
  .object({
    id: key,
    title: LocalizedText,
    summary: LocalizedText,
    /** The partners whose rules the scenario was written for (all when absent). */
    templates: z.array(z.string()).optional(),
    setup: z.array(z.union([NoticeStep, BidStep, ClockStep])).default([]),
    steps: z
      .array(
        z
          .object({
            action: z
              .string()
              .regex(/^[a-z][a-z-]*\.[a-z][a-z-]*$/, 'must be an audit action such as notice.retendered'),
            by: z.enum(EXERCISE_ROLES),
            title: LocalizedText,
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .superRefine((scenario, ctx) => {
    // A bid or a clock move names a notice published by an earlier step.
    const known = new Set<string>();
    scenario.setup.forEach((step, i) => {
      if ('notice' in step) known.add(step.notice.key);
      const named =
        'bid' in step ? step.bid.notice : 'clock' in step && 'notice' in step.clock ? step.clock.notice : null;
      if (named && !known.has(named))
        ctx.addIssue({
          code: 'custom',
          path: ['setup', i],
          message: `names notice "${named}", which no earlier step publishes`,
        });
    });
  });

export type Scenario = z.infer<typeof ScenarioSchema>;
export type SetupStep = Scenario['setup'][number];

/** A scenario file is configuration: the process stops at boot with the file and the field, like a tenant's. */
export class ScenarioError extends TenantConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

export function parseScenario(file: string, text: string): Scenario {
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (error) {
    throw new ScenarioError(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(file)';
    throw new ScenarioError(`${file}: ${field}: ${issue?.message ?? 'invalid'}`);
  }
  const expected = path.basename(file).replace(/\.ya?ml$/, '');
  if (parsed.data.id !== expected) throw new ScenarioError(`${file}: id: must equal the file name "${expected}"`);
  return parsed.data;
}

export interface Scenarios {
  get(id: string): Scenario | undefined;
  all(): Scenario[];
}

export function loadScenarios(dir = SCENARIOS_DIR): Scenarios {
  const byId = new Map<string, Scenario>();
  for (const name of readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const file = path.join(dir, name);
    const scenario = parseScenario(path.relative(process.cwd(), file), readFileSync(file, 'utf8'));
    byId.set(scenario.id, scenario);
  }
  return { get: (id) => byId.get(id), all: () => [...byId.values()] };
}

/** Every shipped language must be given for a text the trainees read (checked by a unit test). */
export function missingLanguages(text: Partial<Record<string, string>>): string[] {
  return LANGUAGES.filter((lng) => !text[lng]);
}
