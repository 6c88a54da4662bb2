package cn.union.helpdesk;

import java.time.LocalDateTime;

/**
 * A superior pressed the unit owning a case with a note (督办). Published in the transaction that
 * writes the note to the timeline; {@code eventId} is that entry.
 */
public record CaseSupervised(
    long caseId,
    String number,
    long orgId,
    String orgPath,
    LocalDateTime dueAt,
    long eventId,
    String note) {}
