/**
 * One step of a tender's timeline, and how the audit entries behind it are recognized. Entries are
 * claimed by the records they target and their action names; where several steps claim one entry
 * (two addenda of one notice), the step closest in time takes it.
 */
export interface EntryRow {
  seq: string;
  at: Date;
  actor_type: string;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  summary: Record<string, unknown> | null;
  request_id: string | null;
  client_address: string | null;
  entry_hash: string;
}

export type StepParams = Record<string, string | number>;

export interface Step {
  /** The kind names its label: `timeline:step_<kind>` (dashes as underscores). */
  kind: string;
  at: Date;
  /** Shown to everyone; otherwise only to the agency's officers and auditors. */
  public: boolean;
  params: StepParams;
  claims: (entry: EntryRow) => boolean;
}

export function step(
  kind: string,
  at: Date,
  isPublic: boolean,
  params: StepParams,
  claims: (entry: EntryRow) => boolean,
): Step {
  return { kind, at, public: isPublic, params, claims };
}

/** Entries targeting one of `ids` whose action matches (`bid.*` is a prefix). */
export function on(ids: (string | null | undefined)[], ...actions: (string | RegExp)[]) {
  const targets = new Set(ids.filter((i): i is string => !!i));
  return (e: EntryRow) =>
    !!e.target_id &&
    targets.has(e.target_id) &&
    actions.some((a) =>
      typeof a === 'string'
        ? a.endsWith('*')
          ? e.action.startsWith(a.slice(0, -1))
          : e.action === a
        : a.test(e.action),
    );
}

/** Also requires a summary field to name the given record (a delivery, a question, an addendum). */
export function about(field: string, value: string | number, claims: (e: EntryRow) => boolean) {
  return (e: EntryRow) => claims(e) && e.summary?.[field] === value;
}

/** Who reads the timeline: everyone, the notice's agency officers, or auditors. */
export type Audience = 'public' | 'officer' | 'auditor';
