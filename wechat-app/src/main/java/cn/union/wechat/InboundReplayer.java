package cn.union.wechat;

import cn.union.platform.PlatformConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Empties this node's {@link InboundSpool} once the database answers again, oldest entry first: a
 * spooled message is written into the inbound log (its unique keys make a second replay of the
 * same entry a repeat), handled, its outcome stored and its reply sent by API; a spooled outcome is
 * stored. Only then is the entry removed. The first write the database refuses ends the run; the
 * next run tries again. Each node has its own data folder, so each replays its own spool.
 */
@Component
class InboundReplayer {

  private static final Logger log = LoggerFactory.getLogger(InboundReplayer.class);

  private final InboundSpool spool;
  private final InboundLog inboundLog;
  private final InboundDispatcher dispatcher;

  InboundReplayer(InboundSpool spool, InboundLog inboundLog, InboundDispatcher dispatcher) {
    this.spool = spool;
    this.inboundLog = inboundLog;
    this.dispatcher = dispatcher;
  }

  @Scheduled(initialDelayString = "PT2S", fixedDelayString = "${union.wx.spool-replay-every:PT2S}")
  void scheduled() {
    replay();
  }

  /** Replays what the spool holds; returns how many entries were done with. */
  synchronized int replay() {
    List<Path> entries = spool.entries();
    int done = 0;
    for (Path entry : entries) {
      Object spooled;
      try {
        spooled = InboundSpool.read(entry);
      } catch (IOException | RuntimeException unreadable) {
        Path aside = entry.resolveSibling(entry.getFileName() + ".bad");
        log.error("Spool entry {} cannot be read ({}); kept as {}", entry.getFileName(),
            unreadable.getClass().getSimpleName(), aside.getFileName());
        move(entry, aside);
        continue;
      }
      try {
        if (spooled instanceof InboundSpool.SpooledMessage m) {
          replay(m);
        } else {
          inboundLog.storeSpooled((InboundSpool.SpooledOutcome) spooled);
        }
      } catch (RuntimeException notYet) {
        log.info("The inbound log still does not answer ({}); {} spooled entries wait",
            InboundWriter.describe(notYet), entries.size() - done);
        return done;
      }
      try {
        spool.remove(entry);
      } catch (IOException e) {
        log.error("Replayed spool entry {} could not be removed", entry.getFileName(), e);
        return done;
      }
      done++;
    }
    if (done > 0) {
      log.info("Replayed {} spooled inbound entries", done);
    }
    return done;
  }

  private void replay(InboundSpool.SpooledMessage m) {
    WxMessage msg = WxXml.message(m.xml());
    WxInbound row = inboundLog.row(msg, m.requestKey(), m.xml());
    row.setReceivedAt(LocalDateTime.ofInstant(m.receivedAt(), PlatformConfig.ZONE));
    boolean fresh = await(inboundLog.append(row));
    long id;
    if (fresh) {
      id = row.getId();
    } else {
      // Logged already: by an earlier replay of this entry, by the very request that spooled it
      // (its write went through after the request stopped waiting; that pipeline then handled
      // nothing), or by another delivery, whose own pipeline handles it.
      WxInbound earlier = inboundLog.earlier(row);
      if (!WxInbound.RECEIVED.equals(earlier.getStatus()) || !m.requestKey().equals(earlier.getRequestKey())) {
        return;
      }
      id = earlier.getId();
    }
    dispatcher.handleLate(id, msg);
  }

  private static boolean await(java.util.concurrent.CompletableFuture<Boolean> done) {
    try {
      return done.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while replaying the spool", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw InboundWriter.unwrap(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the inbound log did not answer within 30 s", e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to);
    } catch (IOException e) {
      log.error("Spool entry {} could not be moved aside", from.getFileName(), e);
    }
  }
}
