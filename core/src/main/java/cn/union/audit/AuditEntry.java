package cn.union.audit;

/**
 * What is written to the audit log: who did what to which record, from where.
 *
 * @param orgPath the org subtree the record belongs to; decides which admins may read the entry
 */
public record AuditEntry(
    String actor,
    String actorRole,
    String orgPath,
    String action,
    String targetType,
    String targetId,
    String detail,
    String ip) {}
