/**
 * Loads every `tenants/<slug>.yaml` once at boot. The first invalid file stops the process with
 * one message naming the file and the field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { TenantConfigSchema, type TenantConfig } from './config-schema.js';
import { assertSlug, type Slug } from './slug.js';

export class TenantConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenantConfigError';
  }
}

function describe(file: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(file)';
  return `${file}: ${field}: ${issue?.message ?? 'invalid'}`;
}

export function parseTenantConfig(file: string, text: string): TenantConfig {
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (error) {
    throw new TenantConfigError(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = TenantConfigSchema.safeParse(raw);
  if (!parsed.success) throw new TenantConfigError(describe(file, parsed.error));
  const expected = path.basename(file).replace(/\.ya?ml$/, '');
  if (parsed.data.slug !== expected) {
    throw new TenantConfigError(`${file}: slug: must equal the file name "${expected}"`);
  }
  return parsed.data;
}

export interface TenantConfigs {
  get(slug: Slug): TenantConfig | undefined;
  all(): TenantConfig[];
  /** The tenant whose config lists this host name, if any. */
  slugForHost(host: string): Slug | undefined;
}

export function loadTenantConfigs(dir: string): TenantConfigs {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const bySlug = new Map<string, TenantConfig>();
  const byHost = new Map<string, Slug>();
  for (const name of files) {
    const file = path.join(dir, name);
    const config = parseTenantConfig(path.relative(process.cwd(), file), readFileSync(file, 'utf8'));
    bySlug.set(config.slug, config);
    for (const host of config.hosts) {
      const owner = byHost.get(host);
      if (owner) throw new TenantConfigError(`${file}: hosts: ${host} is already listed by ${owner}`);
      byHost.set(host, assertSlug(config.slug));
    }
  }
  return fromMap(bySlug, byHost);
}

function fromMap(bySlug: Map<string, TenantConfig>, byHost: Map<string, Slug>): TenantConfigs {
  return {
    get: (slug) => bySlug.get(slug),
    all: () => [...bySlug.values()],
    slugForHost: (host) => byHost.get(host.toLowerCase()),
  };
}
