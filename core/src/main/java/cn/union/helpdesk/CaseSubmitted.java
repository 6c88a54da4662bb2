package cn.union.helpdesk;

import java.time.LocalDate;

/** A worker's request became a case. Published in the transaction that creates it. */
public record CaseSubmitted(
    long caseId, String number, long orgId, String orgPath, LocalDate submittedDay) {}
