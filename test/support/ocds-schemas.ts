/**
 * The official OCDS 1.1.5 schemas (test/fixtures/ocds, copied unchanged with their licence) in an
 * Ajv that needs no network: the bids extension merged into the release schema (RFC 7386), the
 * release schema registered under the URL the package schemas cite. Also every codelist field of
 * the merged schema, to check values against the CSVs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import AjvDraft04, { type ErrorObject } from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import jsonMergePatch from 'json-merge-patch';
import { parseCsv } from './csv.js';

// CommonJS modules: their class and function are the default export's `default`.
const Ajv = AjvDraft04.default;
const addFormats = ajvFormats.default;
const DIR = path.resolve('test/fixtures/ocds');
const RELEASE_URL = 'https://standard.open-contracting.org/schema/1__1__5/release-schema.json';
const VERSIONED_URL = 'https://standard.open-contracting.org/schema/1__1__5/versioned-release-validation-schema.json';

type Schema = Record<string, unknown>;
const read = (file: string) => JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as Schema;

export function releaseSchemaWithBids(): Schema {
  return jsonMergePatch.apply<Schema>(read('release-schema.json'), read('extensions/bids/release-schema.json'));
}

export interface Validators {
  releasePackage(data: unknown): string[];
  recordPackage(data: unknown): string[];
}

const messages = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);

export function ocdsValidators(): Validators {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(releaseSchemaWithBids(), RELEASE_URL);
  // A record's releases may be versioned: the record package schema cites this one too.
  ajv.addSchema(read('versioned-release-validation-schema.json'), VERSIONED_URL);
  const releasePackage = ajv.compile(read('release-package-schema.json'));
  const recordPackage = ajv.compile(read('record-package-schema.json'));
  return {
    releasePackage: (data) => (releasePackage(data) ? [] : messages(releasePackage.errors)),
    recordPackage: (data) => (recordPackage(data) ? [] : messages(recordPackage.errors)),
  };
}

function codes(file: string): Set<string> {
  const candidates = [path.join(DIR, 'codelists', file), path.join(DIR, 'extensions/bids/codelists', file)];
  for (const candidate of candidates) {
    try {
      // The published CSVs end lines with LF; the reader follows RFC 4180's CRLF.
      const [header, ...rows] = parseCsv(readFileSync(candidate, 'utf8').replace(/\r?\n/g, '\r\n'));
      const column = header!.indexOf('Code');
      return new Set(rows.map((r) => r[column]!).filter(Boolean));
    } catch {
      // the next place
    }
  }
  throw new Error(`no codelist ${file}`);
}

interface CodelistField {
  codelist: string;
  open: boolean;
}

/**
 * Walks a release against the merged schema and returns the values outside their codelist: every
 * value of a closed codelist, and of an open one unless `allowedOpen` lists it.
 */
export function codelistProblems(release: unknown, allowedOpen: Set<string> = new Set()): string[] {
  const schema = releaseSchemaWithBids();
  const definitions = schema.definitions as Record<string, Schema>;
  const lists = new Map<string, Set<string>>();
  const problems: string[] = [];
  const resolve = (node: Schema): Schema => {
    const ref = node.$ref as string | undefined;
    return ref?.startsWith('#/definitions/') ? resolve(definitions[ref.slice('#/definitions/'.length)]!) : node;
  };
  const check = (value: unknown, field: CodelistField, at: string) => {
    if (value === null || value === undefined) return;
    const code = typeof value === 'string' ? value : JSON.stringify(value);
    let list = lists.get(field.codelist);
    if (!list) lists.set(field.codelist, (list = codes(field.codelist)));
    if (list.has(code) || (field.open && allowedOpen.has(code))) return;
    problems.push(`${at}: ${code} is not in ${field.codelist}${field.open ? ' (open)' : ''}`);
  };
  const walk = (node: Schema, value: unknown, at: string): void => {
    const s = resolve(node);
    if (typeof s.codelist === 'string') {
      const field = { codelist: s.codelist, open: s.openCodelist === true };
      if (Array.isArray(value)) value.forEach((v, i) => check(v, field, `${at}/${i}`));
      else check(value, field, at);
      return;
    }
    if (Array.isArray(value) && s.items) value.forEach((v, i) => walk(s.items as Schema, v, `${at}/${i}`));
    else if (value && typeof value === 'object' && s.properties) {
      const properties = s.properties as Record<string, Schema>;
      for (const [key, v] of Object.entries(value)) if (properties[key]) walk(properties[key], v, `${at}/${key}`);
    }
  };
  walk(schema, release, '');
  return problems;
}
