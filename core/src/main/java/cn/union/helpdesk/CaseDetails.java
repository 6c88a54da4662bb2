package cn.union.helpdesk;

import cn.union.platform.DataProtection;
import cn.union.platform.Masking;
import cn.union.staff.Caller;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import java.util.HashMap;
import java.util.List;
import org.springframework.stereotype.Service;

/** One case as the console shows it, with its timeline and media; and the seal chain's check. */
@Service
public class CaseDetails {

  private final CaseRecords cases;
  private final HelpCaseEventMapper events;
  private final HelpCaseMediaMapper media;
  private final DataProtection data;
  private final CaseSeal seal;

  CaseDetails(
      CaseRecords cases,
      HelpCaseEventMapper events,
      HelpCaseMediaMapper media,
      DataProtection data,
      CaseSeal seal) {
    this.cases = cases;
    this.events = events;
    this.media = media;
    this.data = data;
    this.seal = seal;
  }

  /** The case with its timeline, or 404 when outside the caller's subtree. */
  public CaseViews.Detail detail(Caller caller, long id) {
    HelpCase c = cases.visible(caller, id);
    String mobile =
        c.getMobileEnc() == null ? null : Masking.mobile(data.decrypt(c.getMobileEnc()));
    List<CaseViews.Event> timeline =
        events
            .selectList(
                new LambdaQueryWrapper<HelpCaseEvent>()
                    .eq(HelpCaseEvent::getCaseId, id)
                    .orderByAsc(HelpCaseEvent::getId))
            .stream()
            .map(
                e ->
                    new CaseViews.Event(
                        CaseRecords.instant(e.getAt()),
                        e.getKind(),
                        e.getActor(),
                        e.getContent(),
                        e.getDeliveryVia(),
                        e.getDeliveryStatus(),
                        e.getDetail()))
            .toList();
    List<CaseViews.Media> attachments =
        media
            .selectList(
                new LambdaQueryWrapper<HelpCaseMedia>()
                    .eq(HelpCaseMedia::getCaseId, id)
                    .orderByAsc(HelpCaseMedia::getId))
            .stream()
            .map(m -> new CaseViews.Media(m.getMediaType(), m.getMediaId()))
            .toList();
    return new CaseViews.Detail(
        cases.summary(c, new HashMap<>()),
        c.getDescription(),
        mobile,
        CaseRecords.instant(c.getDueAt()),
        CaseRecords.instant(c.getAcceptedAt()),
        CaseRecords.instant(c.getRepliedAt()),
        c.getRating(),
        c.isReopened(),
        timeline,
        attachments);
  }

  /** The org path of a visible case, for audit entries. */
  public String orgPathOf(Caller caller, long id) {
    return cases.visible(caller, id).getOrgPath();
  }

  /** The seal chain recomputed: intact, or the first sealed case that no longer matches. */
  public CaseViews.SealCheck verifySeals() {
    return seal.verify();
  }
}
