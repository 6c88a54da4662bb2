package cn.union.notify;

/** A feature's answer to one kind of inbound message or event. */
@FunctionalInterface
public interface InboundHandler {

  Reply handle(Inbound inbound);
}
