/** The work page's locals: one section per role the reader has, in their language and the tenant's zone. */
import { workFormats, type ViewRequest } from './formats.js';
import { officerModel } from './officer-view.js';
import type { Work } from './read.js';
import { adminModel, auditorModel, evaluatorModel } from './staff-view.js';
import { supplierModel } from './supplier-view.js';
import { agencyTargetModel } from '../targets/targets-view.js';

export function workPageModel(req: ViewRequest, work: Work) {
  const f = workFormats(req, work.now);
  const sections = {
    officer: work.officer && {
      ...officerModel(req, f, work.officer, work.now),
      target: work.target && agencyTargetModel(req, work.target.row, work.target.asOf),
    },
    evaluator: work.evaluator && evaluatorModel(req, f, work.evaluator.seats),
    supplier: work.supplier && supplierModel(req, f, work.supplier, work.now),
    auditor: work.auditor && auditorModel(req, f, work.auditor),
    admin: work.admin && adminModel(req, f, work.admin),
  };
  return {
    title: req.t('work:title'),
    nowText: f.time(work.now),
    ...sections,
    nothing: Object.values(sections).every((s) => !s),
  };
}
