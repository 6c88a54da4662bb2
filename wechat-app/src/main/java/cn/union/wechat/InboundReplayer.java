package cn.union.wechat;

import cn.union.platform.PlatformConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Empties this node's {@link InboundSpool} once the database answers again, oldest entry first: a
 * spooled message is written into the inbound log (its unique keys make a second replay of the same
 * entry a repeat), handled, its outcome stored and its reply sent by API; a spooled outcome is
 * stored; a message an earlier process answered while its handler still ran, and that has no
 * outcome, is handled the same way (after the other entries, so a spooled outcome of it counts), as
 * a message that may have been handled in part ({@link cn.union.notify.Inbound#again}). Each
 * message is claimed first ({@link InboundClaims}), as the orphan sweep ({@link InboundOrphans})
 * claims what it handles, so the two never both handle one; one claimed by another node within the
 * grace period is left to it. Only then is the entry removed. The first write the database refuses
 * ends the run; the next run tries again. Each node has its own data folder, so each replays its
 * own spool.
 */
@Component
class InboundReplayer {

  private static final Logger log = LoggerFactory.getLogger(InboundReplayer.class);

  private final InboundSpool spool;
  private final InboundLog inboundLog;
  private final InboundDispatcher dispatcher;
  private final Executor executor;
  private final InboundClaims claims;

  /** Entries replayed side by side. */
  static final int CHUNK = 32;

  InboundReplayer(
      InboundSpool spool,
      InboundLog inboundLog,
      InboundDispatcher dispatcher,
      @Qualifier("wxHandlerExecutor") Executor executor,
      InboundClaims claims) {
    this.executor = executor;
    this.claims = claims;
    this.spool = spool;
    this.inboundLog = inboundLog;
    this.dispatcher = dispatcher;
  }

  @Scheduled(initialDelayString = "PT2S", fixedDelayString = "${union.wx.spool-replay-every:PT2S}")
  void scheduled() {
    replay();
  }

  /**
   * Replays what the spool holds; returns how many entries were done with. Entries go in chunks:
   * the messages of a chunk are handled on the handler pool side by side, each worker's in the
   * order they arrived (a conversation's steps stay in order); an entry is removed once done.
   */
  synchronized int replay() {
    List<Path> entries = spool.entries();
    int done = 0;
    for (int from = 0; from < entries.size(); from += CHUNK) {
      List<Path> chunk = entries.subList(from, Math.min(entries.size(), from + CHUNK));
      List<CompletableFuture<Boolean>> tasks = new ArrayList<>(chunk.size());
      Map<String, CompletableFuture<Boolean>> byWorker = new HashMap<>();
      for (Path entry : chunk) {
        tasks.add(start(entry, byWorker));
      }
      boolean stop = false;
      for (int k = 0; k < chunk.size(); k++) {
        if (!tasks.get(k).join()) {
          stop = true;
          continue;
        }
        try {
          spool.remove(chunk.get(k));
          done++;
        } catch (IOException e) {
          log.error("Replayed spool entry {} could not be removed", chunk.get(k).getFileName(), e);
          stop = true;
        }
      }
      if (stop) {
        log.info(
            "The inbound log does not take the spool yet; {} spooled entries wait",
            entries.size() - done);
        break;
      }
    }
    if (done > 0) {
      log.info("Replayed {} spooled inbound entries", done);
    }
    return done;
  }

  /** Starts the replay of one entry; completes true once it is done with (and may be removed). */
  private CompletableFuture<Boolean> start(
      Path entry, Map<String, CompletableFuture<Boolean>> byWorker) {
    Object spooled;
    try {
      spooled = spool.read(entry);
    } catch (IOException | RuntimeException unreadable) {
      Path aside = entry.resolveSibling(entry.getFileName() + ".bad");
      log.error(
          "Spool entry {} cannot be read ({}); kept as {}",
          entry.getFileName(),
          unreadable.getClass().getSimpleName(),
          aside.getFileName());
      move(entry, aside);
      return CompletableFuture.completedFuture(false);
    }
    if (spooled instanceof InboundSpool.SpooledOutcome outcome) {
      return CompletableFuture.supplyAsync(
              () -> {
                inboundLog.storeSpooled(outcome);
                return true;
              },
              executor)
          .exceptionally(this::notYet);
    }
    InboundSpool.SpooledMessage m = (InboundSpool.SpooledMessage) spooled;
    WxMessage msg;
    try {
      msg = WxXml.message(m.xml());
    } catch (RuntimeException unreadable) {
      log.error("Spooled message {} cannot be read; kept as .bad", entry.getFileName());
      move(entry, entry.resolveSibling(entry.getFileName() + ".bad"));
      return CompletableFuture.completedFuture(false);
    }
    CompletableFuture<Boolean> before =
        byWorker.getOrDefault(
            String.valueOf(msg.openid()), CompletableFuture.completedFuture(true));
    CompletableFuture<Boolean> task =
        before
            .thenComposeAsync(
                ok -> {
                  if (!ok) {
                    return CompletableFuture.completedFuture(false);
                  }
                  return replay(m, msg)
                      .thenApplyAsync(
                          handle -> {
                            // Claimed like an orphan: the sweep may see a message logged from the
                            // spool (it arrived long ago) or one a stopped process left.
                            if (handle != null && claims.claim(handle.id())) {
                              dispatcher.handleLate(handle.id(), msg, m.xml(), handle.again());
                            }
                            return true;
                          },
                          executor);
                },
                executor)
            .exceptionally(this::notYet);
    byWorker.put(String.valueOf(msg.openid()), task);
    return task;
  }

  private boolean notYet(Throwable failure) {
    log.info("A spooled entry was not replayed: {}", InboundWriter.describe(failure));
    return false;
  }

  /**
   * A logged message to handle: {@code again} when it was logged before this replay (it may have
   * been handled in part).
   */
  private record Late(long id, boolean again) {}

  /**
   * Logs the message; completes with what to handle, or null when it is someone else's to handle.
   */
  private CompletableFuture<Late> replay(InboundSpool.SpooledMessage m, WxMessage msg) {
    WxInbound row = inboundLog.row(msg, m.requestKey(), m.xml());
    row.setReceivedAt(LocalDateTime.ofInstant(m.receivedAt(), PlatformConfig.ZONE));
    return inboundLog
        .append(row)
        .thenApplyAsync(
            fresh -> {
              if (fresh) {
                return new Late(row.getId(), false);
              }
              // Logged already: by an earlier replay of this entry, by the very request that
              // spooled it
              // (its write went through after the request stopped waiting; that pipeline then
              // handled
              // nothing), or by another delivery, whose own pipeline handles it.
              WxInbound earlier = inboundLog.earlier(row);
              boolean ours =
                  WxInbound.RECEIVED.equals(earlier.getStatus())
                      && m.requestKey().equals(earlier.getRequestKey());
              return ours ? new Late(earlier.getId(), true) : null;
            },
            executor);
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to);
    } catch (IOException e) {
      log.error("Spool entry {} could not be moved aside", from.getFileName(), e);
    }
  }
}
