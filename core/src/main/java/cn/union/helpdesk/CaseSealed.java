package cn.union.helpdesk;

import java.time.LocalDate;

/**
 * A case was rated and sealed (chained into the tamper-evident record). Published in that
 * transaction.
 */
public record CaseSealed(long caseId, String number, String rating, LocalDate submittedDay) {}
