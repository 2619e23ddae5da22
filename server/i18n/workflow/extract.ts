/**
 * Finds the translation keys the code uses, so missing and unused keys show up. Written for this
 * codebase's conventions rather than with i18next-parser, which knows neither our Handlebars
 * helper nor keys handed to errors and field details:
 * - templates (`views/**\/*.hbs`): `{{t "ns:key" ...}}` and `(t "ns:key")`;
 * - code (`server/**\/*.ts`, read with the TypeScript parser): every string literal spelled
 *   `ns:key` with a known namespace (`t('ns:key')`, `new AppError(…, 'ns:key')`,
 *   `{ field, key: 'ns:key' }`, zod messages, a mail's `template: 'ns:name'` as its `_subject` and
 *   `_body`), except policy actions (`requirePolicy('notices:manage')`);
 *   a bare `t('key')` in the namespace its translator was cut for (`getFixedT(lng, 'addenda')`,
 *   `tenantTranslator(i18n, tenant, lng, 'mail')`, else `common`); template literals such as `notices:status_${x}` as patterns in which each
 *   `${…}` stands for any text (also `'ns:prefix_' + x`).
 * The TypeScript compiler is a development dependency, loaded only when extraction runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type ts from 'typescript';

export interface KeyPattern {
  /** As written, `${…}` shown as `*`: `notices:status_*`. */
  pattern: string;
  regex: RegExp;
  files: Set<string>;
}

export interface KeyUsage {
  /** Literal keys (`ns:key`) and the files (relative to the root) that use them. */
  keys: Map<string, Set<string>>;
  patterns: KeyPattern[];
}

const DEFAULT_NS = 'common';
/** Calls whose string arguments are policy actions (`notices:manage`), not translation keys. */
const ACTION_CALLS = new Set(['requirePolicy', 'can', 'assertCan', 'ForbiddenError']);

function filesUnder(root: string, dir: string, ext: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(ext))
    .map((f) => path.join(dir, f).split(path.sep).join('/'))
    .sort();
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

class Collector {
  readonly keys = new Map<string, Set<string>>();
  private readonly patterns = new Map<string, KeyPattern>();

  constructor(private readonly namespaces: ReadonlySet<string>) {}

  /** The namespace of a `ns:…` text, if it names a known one. */
  namespaceOf(text: string): string | undefined {
    const ns = /^([a-z][a-z0-9-]*):/.exec(text)?.[1];
    return ns && this.namespaces.has(ns) ? ns : undefined;
  }

  key(key: string, file: string): void {
    if (!/^[a-z][a-z0-9-]*:[A-Za-z0-9_.-]+$/.test(key)) return;
    const files = this.keys.get(key) ?? new Set<string>();
    files.add(file);
    this.keys.set(key, files);
  }

  /** Static parts with a wildcard between each: `['notices:status_', '']` -> `notices:status_*`. */
  pattern(parts: string[], file: string): void {
    const pattern = parts.join('*');
    const found = this.patterns.get(pattern) ?? {
      pattern,
      regex: new RegExp(`^${parts.map(escapeRegex).join('.*')}$`),
      files: new Set<string>(),
    };
    found.files.add(file);
    this.patterns.set(pattern, found);
  }

  usage(): KeyUsage {
    return { keys: this.keys, patterns: [...this.patterns.values()] };
  }
}

/** `{{t "ns:key" …}}`, `{{~t 'ns:key'}}` and the subexpression `(t "ns:key")`. */
export function templateKeys(source: string): string[] {
  return [...source.matchAll(/(?:\{\{~?|\()\s*t\s+(["'])([^"']+)\1/g)].map((m) =>
    m[2]!.includes(':') ? m[2]! : `${DEFAULT_NS}:${m[2]!}`,
  );
}

function calleeName(expression: ts.Expression, api: typeof ts): string | undefined {
  if (api.isIdentifier(expression)) return expression.text;
  if (api.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

function scanSource(api: typeof ts, file: string, source: string, into: Collector): void {
  const sf = api.createSourceFile(file, source, api.ScriptTarget.Latest, true, api.ScriptKind.TS);
  // The namespace a bare key falls into: the one this file's translator was cut for, if any.
  const fixedNs = /(?:getFixedT\([^,()]+|tenantTranslator\([^()]+),\s*'([a-z][a-z0-9-]*)'\)/.exec(source)?.[1];
  const bareNs = fixedNs ?? DEFAULT_NS;

  const isTranslateCall = (node: ts.Node): boolean => {
    const call = node.parent;
    return (
      !!call && api.isCallExpression(call) && call.arguments[0] === node && calleeName(call.expression, api) === 't'
    );
  };
  const isActionArgument = (node: ts.Node): boolean => {
    const parent = node.parent;
    if (!parent) return false;
    if (
      (api.isCallExpression(parent) || api.isNewExpression(parent)) &&
      parent.arguments?.includes(node as ts.Expression)
    )
      return ACTION_CALLS.has(calleeName(parent.expression, api) ?? '');
    // `{ …, action: 'notices:manage' }` (navigation) and `'notices:manage': (u) => …` (policy table)
    if (api.isPropertyAssignment(parent)) {
      if (parent.name === node) return true;
      return api.isIdentifier(parent.name) && parent.name.text === 'action';
    }
    return false;
  };

  // A mail's `template: 'ns:name'` names its two texts, `ns:name_subject` and `ns:name_body` (mail/outbox.ts).
  const isMailTemplate = (node: ts.Node): boolean => {
    const parent = node.parent;
    return (
      !!parent &&
      api.isPropertyAssignment(parent) &&
      parent.initializer === node &&
      api.isIdentifier(parent.name) &&
      parent.name.text === 'template'
    );
  };

  const literal = (node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral): void => {
    const text = node.text;
    if (into.namespaceOf(text) && isMailTemplate(node)) {
      into.key(`${text}_subject`, file);
      into.key(`${text}_body`, file);
    } else if (into.namespaceOf(text) && !isActionArgument(node)) {
      // `'ns:prefix_' + x` names a family of keys.
      const parent = node.parent;
      const prefix =
        api.isBinaryExpression(parent) &&
        parent.left === node &&
        parent.operatorToken.kind === api.SyntaxKind.PlusToken;
      if (prefix) into.pattern([text, ''], file);
      else into.key(text, file);
    } else if (isTranslateCall(node) && /^[A-Za-z0-9_.-]+$/.test(text)) {
      into.key(`${bareNs}:${text}`, file);
    }
  };

  const template = (node: ts.TemplateExpression): void => {
    const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
    const keyLike = parts.every((p, i) => (i === 0 ? /^([a-z][a-z0-9-]*:)?[\w.-]*$/ : /^[\w.-]*$/).test(p));
    if (!keyLike) return;
    if (into.namespaceOf(parts[0]!)) into.pattern(parts, file);
    else if (isTranslateCall(node) && !parts[0]!.includes(':')) {
      // `t(`${known.key}_detail`)`: a key that starts with an expression names its own namespace,
      // unless the file's translator was cut for one.
      if (parts[0] === '' && !fixedNs) into.pattern(parts, file);
      else into.pattern([`${bareNs}:${parts[0]!}`, ...parts.slice(1)], file);
    }
  };

  const visit = (node: ts.Node): void => {
    if (api.isStringLiteral(node) || api.isNoSubstitutionTemplateLiteral(node)) literal(node);
    else if (api.isTemplateExpression(node)) template(node);
    api.forEachChild(node, visit);
  };
  visit(sf);
}

/** Scans `server/**\/*.ts` and `views/**\/*.hbs` under `root` for keys of the given namespaces. */
export async function extractKeys(root: string, namespaces: Iterable<string>): Promise<KeyUsage> {
  const api = (await import('typescript')).default;
  const into = new Collector(new Set(namespaces));
  for (const file of filesUnder(root, 'views', '.hbs')) {
    for (const key of templateKeys(readFileSync(path.join(root, file), 'utf8'))) into.key(key, file);
  }
  for (const file of filesUnder(root, 'server', '.ts')) {
    scanSource(api, file, readFileSync(path.join(root, file), 'utf8'), into);
  }
  return into.usage();
}
