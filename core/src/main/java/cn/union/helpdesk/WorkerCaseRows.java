package cn.union.helpdesk;

import cn.union.platform.DataProtection;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * The {@code help_case} rows of one worker, by their openid: found by the message that made them,
 * by number, the newest open one, the latest ones; and a new one written with its number, the
 * worker's phone (typed now or carried over from their last case, encrypted) and the intake's
 * media.
 */
@Component
class WorkerCaseRows {

  private final HelpCaseMapper cases;
  private final HelpCaseMediaMapper media;
  private final DataProtection data;

  WorkerCaseRows(HelpCaseMapper cases, HelpCaseMediaMapper media, DataProtection data) {
    this.cases = cases;
    this.media = media;
    this.data = data;
  }

  /** The case the confirming message {@code inboundId} made, or {@code null}. */
  HelpCase bySource(long inboundId) {
    return cases.selectOne(
        new LambdaQueryWrapper<HelpCase>().eq(HelpCase::getSourceInboundId, inboundId));
  }

  HelpCase byNumber(String openid, String number) {
    return cases.selectOne(
        new LambdaQueryWrapper<HelpCase>()
            .eq(HelpCase::getOpenid, openid)
            .eq(HelpCase::getNumber, number));
  }

  /** The worker's newest case that is neither rated nor sealed, or {@code null}. */
  HelpCase newestOpen(String openid) {
    return cases.newestOpen(openid);
  }

  /** The worker's latest cases, newest first. */
  List<HelpCase> latest(String openid, int limit) {
    return cases.selectList(
        new LambdaQueryWrapper<HelpCase>()
            .eq(HelpCase::getOpenid, openid)
            .orderByDesc(HelpCase::getSubmittedAt)
            .orderByDesc(HelpCase::getId)
            .last("LIMIT " + Math.max(1, limit)));
  }

  /** Whether an earlier case of this worker holds a mobile number. */
  boolean knowsMobile(String openid) {
    return latestWithMobile(openid) != null;
  }

  /**
   * Writes a new case and its media rows, and gives it its number.
   *
   * @param mobile the number typed during intake, or {@code null} to reuse the worker's last one
   * @return the case, or {@code null} when the same confirming message made one at the same moment
   */
  HelpCase insert(HelpCase c, String mobile, List<CaseViews.Media> attached) {
    if (mobile != null) {
      c.setMobileEnc(data.encrypt(mobile));
      c.setMobileHash(data.lookupHash(mobile));
    } else {
      HelpCase previous = latestWithMobile(c.getOpenid());
      if (previous != null) {
        c.setMobileEnc(previous.getMobileEnc());
        c.setMobileHash(previous.getMobileHash());
      }
    }
    try {
      cases.insert(c);
    } catch (DuplicateKeyException e) {
      if (bySource(c.getSourceInboundId()) == null) {
        throw e;
      }
      return null;
    }
    c.setNumber(numberOf(c));
    cases.updateById(c);
    for (CaseViews.Media m : attached == null ? List.<CaseViews.Media>of() : attached) {
      HelpCaseMedia row = new HelpCaseMedia();
      row.setCaseId(c.getId());
      row.setMediaType(m.type());
      row.setMediaId(m.mediaId());
      media.insert(row);
    }
    return c;
  }

  private HelpCase latestWithMobile(String openid) {
    return cases.selectOne(
        new LambdaQueryWrapper<HelpCase>()
            .eq(HelpCase::getOpenid, openid)
            .isNotNull(HelpCase::getMobileEnc)
            .orderByDesc(HelpCase::getSubmittedAt)
            .orderByDesc(HelpCase::getId)
            .last("LIMIT 1"));
  }

  /** {@code HB-20261123-000123}: the Shanghai date of submission and the id, only [A-Z0-9-]. */
  static String numberOf(HelpCase c) {
    return String.format(
        "HB-%s-%06d",
        c.getSubmittedAt().toLocalDate().format(DateTimeFormatter.BASIC_ISO_DATE), c.getId());
  }
}
