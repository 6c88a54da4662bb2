package cn.union.helpdesk;

/**
 * A message on a case's timeline reached its worker (or left by template message). Published in the
 * transaction that records it.
 *
 * @param via the channel it left by ({@code CUSTOMER_SERVICE} or {@code TEMPLATE})
 */
public record ReplyDelivered(long caseId, String number, long eventId, String via) {}
