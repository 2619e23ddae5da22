/** The timeline as the API answers it (dates as ISO 8601 strings, each step's label localized). */
import { z } from 'zod';

const Entry = z.object({
  seq: z.number().int(),
  at: z.iso.datetime(),
  action: z.string(),
  entryHash: z.string(),
  actorType: z.string(),
  actorLabel: z.string().nullable(),
  clientAddress: z.string().nullable().optional().describe('Auditors only'),
  requestId: z.string().nullable().optional().describe('Auditors only'),
});

export const TimelineAnswer = z.object({
  notice: z.object({ id: z.uuid(), noticeNo: z.string().nullable(), title: z.record(z.string(), z.string()) }),
  audience: z.enum(['public', 'officer', 'auditor']),
  steps: z.array(
    z.object({
      kind: z.string(),
      at: z.iso.datetime(),
      public: z.boolean(),
      params: z.record(z.string(), z.union([z.string(), z.number()])),
      label: z.string().describe("The step in the reader's language"),
      entries: z.array(Entry).optional().describe("The agency's officers and auditors only"),
    }),
  ),
});
