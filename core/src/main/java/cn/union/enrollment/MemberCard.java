package cn.union.enrollment;

import cn.union.member.MemberService;
import cn.union.member.Membership;
import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.platform.Copy;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * The electronic member card of a worker who joined through 扫码入会: member number, org and the check
 * code ({@link EnrollmentService#cardCode}) the card's QR carries, which staff at a service site
 * verify through the admin API.
 */
@Service
public class MemberCard {

  /** A card as its holder sees it. */
  public record Card(String name, String memberNumber, String orgName, String code) {}

  private final MemberService members;
  private final EnrollmentService service;
  private final OrgService orgs;
  private final Copy copy;

  MemberCard(
      MemberService members,
      EnrollmentService service,
      OrgService orgs,
      @Qualifier("enrollmentCopy") Copy copy) {
    this.members = members;
    this.service = service;
    this.orgs = orgs;
    this.copy = copy;
  }

  /** The worker's card, or {@code null} when they are not a member with a member number. */
  public Card of(String openid) {
    Membership m = members.findByOpenid(openid);
    if (m == null || m.getMemberNumber() == null) {
      return null;
    }
    Org org = orgs.find(m.getOrgId());
    return new Card(
        m.getName(),
        m.getMemberNumber(),
        org == null ? copy.text("org_unknown") : org.getName(),
        service.cardCode(m.getMemberNumber()));
  }
}
