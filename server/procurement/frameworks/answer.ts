/** What the framework API answers, for its OpenAPI document. */
import { z } from 'zod';

const Text = z.record(z.string(), z.string()).describe('Text by language');
const Money = z.number().int().describe('Minor units of the tenant currency');
const Day = z.iso.date();

const Summary = z.object({
  id: z.uuid(),
  agreementNo: z.string(),
  noticeId: z.uuid(),
  title: Text,
  startsOn: Day,
  endsOn: Day,
  maxValue: Money,
  orderedValue: Money,
  maxParties: z.number().int(),
  status: z.enum(['tendering', 'active', 'expired', 'terminated', 'failed']),
  parties: z.number().int(),
});

const Item = z.object({
  id: z.uuid(),
  number: z.number().int(),
  classification: z.string(),
  description: Text,
  unit: z.string(),
  ceilingUnitPrice: Money,
  estimatedQuantity: z.number().int(),
});

const Price = z.object({
  id: z.uuid(),
  itemId: z.uuid(),
  itemNumber: z.number().int(),
  unitPrice: Money,
  deliveryDays: z.number().int(),
  stock: z.number().int().nullable(),
  version: z.number().int(),
  updatedAt: z.iso.datetime(),
});

const Party = z.object({
  id: z.uuid(),
  supplierId: z.uuid(),
  supplierName: Text,
  registrationNo: z.string(),
  rank: z.number().int(),
  status: z.enum(['active', 'suspended', 'withdrawn']),
  prices: z.array(Price),
});

const Change = z.object({
  id: z.uuid(),
  priceId: z.uuid(),
  itemNumber: z.number().int(),
  supplierName: Text,
  kind: z.enum(['index-linked', 'requested']),
  fromPrice: Money,
  toPrice: Money,
  reason: z.string(),
  status: z.enum(['requested', 'approved', 'rejected']),
  requestedAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().nullable(),
  decisionNote: z.string().nullable(),
});

export const AgreementsAnswer = z.object({ agreements: z.array(Summary) });

export const AgreementAnswer = Summary.extend({
  agencyId: z.uuid(),
  noticeNo: z.string().nullable(),
  concludedAt: z.iso.datetime().nullable(),
  rules: z.array(z.string()).describe('The rule versions applied'),
  items: z.array(Item),
  partyList: z.array(Party).describe('Empty until the agreement is concluded'),
  changes: z.array(Change).describe("Price changes (the agency's officers only)"),
});

export const OwnAgreementsAnswer = z.object({
  agreements: z.array(Summary.extend({ items: z.array(Item), party: Party, changes: z.array(Change) })),
});

export const TermsAnswer = Summary.extend({ items: z.array(Item), editable: z.boolean() });

export const SetTermsAnswer = z.object({
  id: z.uuid(),
  agreementNo: z.string(),
  status: z.string(),
  items: z.number().int(),
  rules: z.array(z.string()),
});

export const ChangeRequestedAnswer = z.object({ id: z.uuid(), status: z.literal('requested') });
export const ChangeDecidedAnswer = z.object({
  id: z.uuid(),
  status: z.enum(['approved', 'rejected']),
  unitPrice: Money.describe('The unit price after the decision'),
});
export const SupplyTermsAnswer = z.object({
  priceId: z.uuid(),
  deliveryDays: z.number().int(),
  stock: z.number().int().nullable(),
});
