package cn.union.stats;

import cn.union.helpdesk.CaseDueChanged;
import cn.union.helpdesk.CaseEventRecorded;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Marks the submission day of every changed case for the KPI summary to count again. Listens
 * synchronously, so the mark is written in the transaction of the change and becomes visible
 * exactly when the change does, however late that transaction commits.
 */
@Component
class KpiMarks {

  private final KpiSummary summary;

  KpiMarks(KpiSummary summary) {
    this.summary = summary;
  }

  @EventListener
  void caseEventRecorded(CaseEventRecorded e) {
    summary.markDirty(e.submittedDay(), e.submittedDay());
  }

  @EventListener
  void caseDueChanged(CaseDueChanged e) {
    summary.markDirty(e.submittedDay(), e.submittedDay());
  }
}
