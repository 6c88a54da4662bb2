package cn.union.sla;

import cn.union.helpdesk.CaseDueChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A case whose due time moved earlier may now lie behind the sweep's marks; in the transaction of
 * the move the marks step back so the next sweep looks at it again.
 */
@Component
class DueTimeWatch {

  private final SlaSweep sweep;

  DueTimeWatch(SlaSweep sweep) {
    this.sweep = sweep;
  }

  @EventListener
  void dueChanged(CaseDueChanged event) {
    if (event.earlier()) {
      sweep.rewind(event.newDueAt());
    }
  }
}
