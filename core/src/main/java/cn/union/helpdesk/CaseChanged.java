package cn.union.helpdesk;

/**
 * Something informants of an org subtree should see at once: a new case, a worker's follow-up, a
 * case transferred or returned into the subtree. Published after the change is committed.
 *
 * @param kind {@code SUBMITTED}, {@code FOLLOW_UP}, {@code TRANSFERRED} or {@code RETURNED}
 * @param orgPath the path of the org that now owns the case
 */
public record CaseChanged(long caseId, String number, String kind, String orgPath) {}
