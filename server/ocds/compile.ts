/**
 * Records: the releases of one ocid and the compiled release, merged as OCDS 1.1 merges them
 * (objects field by field, arrays of objects with ids item by id, anything else replaced by the
 * later release, null removing a field). Our releases are whole snapshots, so the compiled
 * release is the latest state; the merge keeps that true for anyone's partial releases too.
 */
import type { Release } from './release-build.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const identified = (v: Json[]): v is JsonObject[] => v.length > 0 && v.every((item) => isObject(item) && 'id' in item);

function mergeInto(target: JsonObject, source: JsonObject): void {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (value === null) delete target[key];
    else if (isObject(value)) {
      const into: JsonObject = isObject(current) ? current : {};
      mergeInto(into, value);
      target[key] = into;
    } else if (Array.isArray(value) && identified(value) && Array.isArray(current)) {
      const items = current.filter(isObject);
      for (const item of value) {
        const existing = items.find((i) => i.id === item.id);
        if (existing) mergeInto(existing, item);
        else items.push(structuredClone(item));
      }
      target[key] = items;
    } else target[key] = structuredClone(value);
  }
}

export interface OcdsRecord {
  ocid: string;
  releases: Release[];
  compiledRelease: Release;
}

/** The record of one ocid from its releases in publication order. */
export function compileRecord(ocid: string, releases: Release[]): OcdsRecord {
  const compiled: JsonObject = {};
  for (const release of releases) {
    // A release's own id, date and tag describe the release, not the process.
    const rest = { ...(release as JsonObject) };
    delete rest.id;
    delete rest.date;
    delete rest.tag;
    mergeInto(compiled, rest);
  }
  const last = releases.at(-1)!;
  return {
    ocid,
    releases,
    compiledRelease: {
      ...compiled,
      ocid,
      id: `${ocid}-compiled`,
      date: last.date,
      tag: ['compiled'],
    },
  };
}
