package cn.union.helpdesk;

import java.time.LocalDate;

/**
 * An entry was added to a case's timeline, or an entry's delivery changed. Published inside the
 * transaction of the change, so a listener that writes in it commits or rolls back with the change.
 *
 * @param submittedDay the Shanghai date the case was submitted on (the day its figures count for)
 */
public record CaseEventRecorded(long caseId, long eventId, String kind, LocalDate submittedDay) {}
