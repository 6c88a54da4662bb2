package cn.union.wechat;

import cn.union.notify.WorkerMedia;
import cn.union.platform.Copy;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import me.chanjar.weixin.mp.api.WxMpService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Downloads a worker's picture or voice message from WeChat's temporary media ({@code
 * /cgi-bin/media/get}) with WxJava, which writes it to a temporary file; the bytes are read and the
 * file deleted at once. {@code 40007} (invalid media id: expired after 3 days, or unknown) means it
 * is gone for good.
 */
@Component
class WxWorkerMedia implements WorkerMedia {

  private static final Logger log = LoggerFactory.getLogger(WxWorkerMedia.class);

  /** WeChat's answer for a media id it does not (or no longer) know. */
  static final int INVALID_MEDIA_ID = 40007;

  private final WxMpService wx;
  private final Copy copy;

  WxWorkerMedia(WxMpService wx, @Qualifier("wechatCopy") Copy copy) {
    this.wx = wx;
    this.copy = copy;
  }

  @Override
  public Fetched fetch(String mediaId, long maxBytes) {
    File file;
    try {
      file = wx.getMaterialService().mediaDownload(mediaId);
    } catch (WxErrorException | WxRuntimeException e) {
      WxFailure failure = WxFailure.of(e, copy);
      log.warn("Media download failed ({}, errcode {})", failure.kind(), failure.errcode());
      if (failure.refused(Set.of(INVALID_MEDIA_ID))) {
        return Fetched.failed(Outcome.GONE, "errcode " + INVALID_MEDIA_ID);
      }
      // A download changes nothing at WeChat: one that timed out may simply be tried again.
      return Fetched.failed(
          failure.retryable() || failure.uncertain() ? Outcome.RETRY : Outcome.FAILED,
          copy.render("media_fetch_failed", Map.of("cause", failure.cause())));
    }
    if (file == null) {
      return Fetched.failed(Outcome.RETRY, copy.text("media_fetch_no_file"));
    }
    try {
      if (file.length() > maxBytes) {
        return Fetched.failed(
            Outcome.TOO_LARGE,
            copy.render("media_fetch_too_large", Map.of("bytes", file.length())));
      }
      return Fetched.of(Files.readAllBytes(file.toPath()), file.getName());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the downloaded media", e);
    } finally {
      try {
        Files.deleteIfExists(file.toPath());
      } catch (IOException e) {
        log.warn("Could not delete a downloaded media file: {}", e.getClass().getSimpleName());
      }
    }
  }
}
