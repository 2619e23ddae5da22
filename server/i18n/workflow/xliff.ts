/**
 * XLIFF 2.0 (OASIS) for translators: one `<file>` per namespace, one `<unit id="ns:key">` per
 * string (each plural form its own unit), the English `<source>`, the current `<target>` if any,
 * and notes giving the context (namespace, placeholders to keep, plural form, where it is used).
 * fast-xml-parser writes and reads the XML, escaping included.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

export const XLIFF_NS = 'urn:oasis:names:tc:xliff:document:2.0';

export interface XliffUnit {
  id: string;
  source: string;
  target?: string;
  notes: { category: string; text: string }[];
}

export interface XliffDocument {
  srcLang: string;
  trgLang: string;
  files: { id: string; original?: string; units: XliffUnit[] }[];
}

export class XliffError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XliffError';
  }
}

const ATTR = '@_';
const TEXT = '#text';

export function writeXliff(doc: XliffDocument): string {
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: ATTR,
    textNodeName: TEXT,
    format: true,
    indentBy: '  ',
    suppressEmptyNode: false,
    processEntities: true,
  });
  const xml = builder.build({
    xliff: {
      [`${ATTR}xmlns`]: XLIFF_NS,
      [`${ATTR}version`]: '2.0',
      [`${ATTR}srcLang`]: doc.srcLang,
      [`${ATTR}trgLang`]: doc.trgLang,
      file: doc.files.map((f) => ({
        [`${ATTR}id`]: f.id,
        ...(f.original ? { [`${ATTR}original`]: f.original } : {}),
        // Line breaks in texts (e-mail bodies) are part of the text.
        [`${ATTR}xml:space`]: 'preserve',
        unit: f.units.map((u) => ({
          [`${ATTR}id`]: u.id,
          ...(u.notes.length > 0
            ? { notes: { note: u.notes.map((n) => ({ [`${ATTR}category`]: n.category, [TEXT]: n.text })) } }
            : {}),
          segment: {
            [`${ATTR}state`]: u.target ? 'translated' : 'initial',
            source: { [TEXT]: u.source },
            ...(u.target !== undefined ? { target: { [TEXT]: u.target } } : {}),
          },
        })),
      })),
    },
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
}

type Node = Record<string, unknown>;
const ARRAYS = new Set(['file', 'unit', 'note', 'segment', 'source', 'target']);

function text(node: unknown): string | undefined {
  if (node === undefined) return undefined;
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object') {
    const markup = Object.keys(node).find((k) => k !== TEXT && !k.startsWith(ATTR));
    if (markup) throw new XliffError(`inline element <${markup}> is not supported: write placeholders as {{name}}`);
    const value = (node as Node)[TEXT];
    return typeof value === 'string' ? value : '';
  }
  return '';
}

function attr(node: Node, name: string): string | undefined {
  const value = node[`${ATTR}${name}`];
  return typeof value === 'string' ? value : undefined;
}

function list(node: Node, name: string): Node[] {
  const value = node[name];
  return Array.isArray(value) ? (value as Node[]) : [];
}

/** Reads an XLIFF 2.0 document; throws XliffError naming what is wrong with its structure. */
export function readXliff(xml: string): XliffDocument {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new XliffError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: ATTR,
    textNodeName: TEXT,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: true,
    // Decodes character references (&#10;) too, which translation tools write; also HTML's names.
    htmlEntities: true,
    isArray: (name) => ARRAYS.has(name),
  });
  const root = (parser.parse(xml) as Node).xliff as Node | undefined;
  if (!root || typeof root !== 'object') throw new XliffError('no <xliff> root element');
  if (attr(root, 'version') !== '2.0') throw new XliffError('not XLIFF 2.0 (version="2.0" expected)');
  const srcLang = attr(root, 'srcLang');
  const trgLang = attr(root, 'trgLang');
  if (!srcLang || !trgLang) throw new XliffError('the <xliff> element needs srcLang and trgLang');
  return {
    srcLang,
    trgLang,
    files: list(root, 'file').map((file) => ({
      id: attr(file, 'id') ?? '',
      original: attr(file, 'original'),
      units: list(file, 'unit').map((unit) => {
        const segments = list(unit, 'segment');
        if (segments.length !== 1) throw new XliffError(`unit ${attr(unit, 'id')}: exactly one <segment> expected`);
        const segment = segments[0]!;
        const notes = list((unit.notes as Node | undefined) ?? {}, 'note');
        return {
          id: attr(unit, 'id') ?? '',
          source: text(list(segment, 'source')[0]) ?? '',
          target: text(list(segment, 'target')[0]),
          notes: notes.map((n) => ({ category: attr(n, 'category') ?? '', text: text(n) ?? '' })),
        };
      }),
    })),
  };
}
