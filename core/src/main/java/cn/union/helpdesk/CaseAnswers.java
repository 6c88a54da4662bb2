package cn.union.helpdesk;

import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The answers a worker has had, read from the cases' timelines: a written answer ({@code REPLIED})
 * or a phone call recorded by the informant ({@code PHONE_ANSWERED}). Read-only.
 */
@Component
class CaseAnswers {

  /** The timeline kinds that are an answer to the worker. */
  static final List<String> KINDS = List.of("REPLIED", PhoneAnswers.KIND);

  /** The newest answer of a case. */
  record Latest(long caseId, LocalDateTime at, boolean byPhone, String content) {}

  private final HelpCaseEventMapper events;

  CaseAnswers(HelpCaseEventMapper events) {
    this.events = events;
  }

  /** The newest answer of each of these cases; a case without an answer is absent. */
  Map<Long, Latest> latest(Collection<Long> caseIds) {
    Map<Long, Latest> newest = new HashMap<>();
    if (caseIds.isEmpty()) {
      return newest;
    }
    // A handful of cases with a handful of answers each: read them all, keep the last per case.
    for (HelpCaseEvent e :
        events.selectList(
            new LambdaQueryWrapper<HelpCaseEvent>()
                .in(HelpCaseEvent::getCaseId, caseIds)
                .in(HelpCaseEvent::getKind, KINDS)
                .orderByAsc(HelpCaseEvent::getId))) {
      newest.put(
          e.getCaseId(),
          new Latest(
              e.getCaseId(), e.getAt(), PhoneAnswers.KIND.equals(e.getKind()), e.getContent()));
    }
    return newest;
  }
}
