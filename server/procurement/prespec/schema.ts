/** What officers and suppliers send about a pre-specification disclosure (API and forms). */
import { z } from 'zod';

export const OpenDisclosure = z.object({ summary: z.string().trim().min(10).max(20000) });
export const Comment = z.object({ comment: z.string().trim().min(5).max(8000) });
export const Reply = z.object({ reply: z.string().trim().min(1).max(8000) });

export const Opened = z.object({
  id: z.uuid(),
  closesOn: z.iso.date(),
  closesAt: z.iso.datetime(),
  appliedRules: z.array(z.string()),
});

export const Commented = z.object({ id: z.uuid() });

/** Where the reply form sends the officer back to (the disclosure's page). */
export const BackTo = z.object({ preSpecificationId: z.uuid() });

export const Disclosure = z.object({
  id: z.uuid(),
  noticeId: z.uuid(),
  noticeNo: z.string().nullable(),
  noticePublished: z.boolean().describe('The notice itself is public once published'),
  title: z.record(z.string(), z.string()),
  titleText: z.string().describe("In the reader's language"),
  category: z.string(),
  estimatedPrice: z.number().nullable().describe('Null when the agency hides it'),
  estimatedPriceText: z.string().nullable(),
  summary: z.string(),
  openedAt: z.iso.datetime(),
  openedText: z.string(),
  closesOn: z.iso.date(),
  closesOnText: z.string(),
  closesAt: z.iso.datetime(),
  state: z.enum(['open', 'closed', 'withdrawn']),
  appliedRules: z.array(z.string()),
});

export const DisclosureList = z.object({ preSpecifications: z.array(Disclosure) });

export const DisclosureWithComments = Disclosure.extend({
  comments: z
    .array(
      z.object({
        id: z.uuid(),
        comment: z.string(),
        reply: z.string().nullable(),
        askedAt: z.iso.datetime(),
        repliedAt: z.iso.datetime().nullable(),
      }),
    )
    .describe('Commenters are not named'),
});
