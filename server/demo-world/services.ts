/** The procurement services a demo world is built with: the same functions the routes call. */
import { awardsService } from '../procurement/awards/service.js';
import { bidsService } from '../procurement/bids/service.js';
import { contractsService } from '../procurement/contracts/service.js';
import { signingService } from '../procurement/contracts/signing.js';
import { deliveriesService } from '../procurement/deliveries/service.js';
import { lowestPriceService } from '../procurement/evaluation/lowest-price.js';
import { addendaService } from '../procurement/notices/addenda.js';
import { noticeDocumentsService } from '../procurement/notices/documents.js';
import { questionsService } from '../procurement/notices/questions.js';
import { noticesService } from '../procurement/notices/service.js';
import { failureService } from '../procurement/opening/failure.js';
import { openingService } from '../procurement/opening/service.js';
import { invoicingService } from '../procurement/payments/invoicing.js';
import { paymentsService } from '../procurement/payments/service.js';
import { termsService } from '../procurement/frameworks/terms.js';
import { priceChangesService } from '../procurement/frameworks/price-changes.js';
import { innovationService } from '../procurement/innovation/service.js';
import { plansService } from '../procurement/plans/service.js';
import { preSpecificationService } from '../procurement/prespec/service.js';
import { reviewCommitteeService } from '../project-review/committee.js';
import { reviewRoundsService } from '../project-review/rounds.js';
import type { WorldDeps } from './cast.js';

export function procurementServices(deps: WorldDeps) {
  return {
    plans: plansService(deps),
    notices: noticesService(deps),
    documents: noticeDocumentsService(deps),
    prespec: preSpecificationService(deps),
    questions: questionsService(deps),
    addenda: addendaService(deps),
    bids: bidsService(deps),
    opening: openingService(deps),
    failure: failureService(deps),
    lowestPrice: lowestPriceService(deps),
    awards: awardsService(deps),
    contracts: contractsService(deps),
    signing: signingService(deps),
    deliveries: deliveriesService(deps),
    invoicing: invoicingService(deps),
    payments: paymentsService(deps),
    reviewRounds: reviewRoundsService(deps),
    reviewCommittee: reviewCommitteeService(deps),
    frameworkTerms: termsService(deps),
    priceChanges: priceChangesService(deps),
    innovation: innovationService(deps),
  };
}

export type ProcurementServices = ReturnType<typeof procurementServices>;
