package cn.union.member;

import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.platform.DataProtection;
import cn.union.platform.Masking;
import cn.union.platform.PlatformConfig;
import cn.union.shared.DomainException;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import com.baomidou.mybatisplus.extension.plugins.pagination.Page;
import java.time.Clock;
import java.time.LocalDateTime;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Members of the caller's subtree; personal numbers are encrypted at rest and masked in every view.
 */
@Service
public class MemberService {

  private static final cn.union.platform.Copy COPY = cn.union.platform.Copy.load("member");

  private final MemberMapper mapper;
  private final OrgService orgs;
  private final DataProtection protection;
  private final Clock clock;

  MemberService(MemberMapper mapper, OrgService orgs, DataProtection protection, Clock clock) {
    this.mapper = mapper;
    this.orgs = orgs;
    this.protection = protection;
    this.clock = clock;
  }

  /** What a member record is made of, as entered. */
  public record MemberData(
      String name, String idNumber, String mobile, String employer, Long orgId, String openid) {}

  public MemberView view(Membership m) {
    return new MemberView(
        m.getId(),
        m.getName(),
        Masking.idNumber(protection.decrypt(m.getIdNumberEnc())),
        Masking.mobile(protection.decrypt(m.getMobileEnc())),
        m.getEmployer(),
        m.getOrgId(),
        m.getOpenid() != null);
  }

  @Transactional
  public Membership create(Caller caller, MemberData data) {
    Org org = visibleOrg(caller, data.orgId());
    Member m = new Member();
    apply(m, data, org);
    m.setOpenid(data.openid());
    m.setCreatedAt(now());
    try {
      mapper.insert(m);
    } catch (DuplicateKeyException e) {
      throw duplicate();
    }
    return m;
  }

  /**
   * Registers a member whose application was approved (扫码入会) and gives them a member number: the
   * year and the record's id, e.g. {@code 2026-00000042}. The caller (the enrollment review) has
   * checked that the approver may act for the org.
   *
   * @throws DomainException conflict when the ID number or the WeChat is already a member's
   */
  @Transactional
  public Membership enroll(MemberData data) {
    if (data.orgId() == null) {
      throw DomainException.invalid("member.org", COPY.text("org_missing"));
    }
    Org org = orgs.get(data.orgId());
    Member m = new Member();
    apply(m, data, org);
    m.setOpenid(data.openid());
    m.setCreatedAt(now());
    try {
      mapper.insert(m);
    } catch (DuplicateKeyException e) {
      throw DomainException.conflict("member.duplicate", COPY.text("enrolled_already"));
    }
    m.setMemberNumber(m.getCreatedAt().getYear() + "-" + String.format("%08d", m.getId()));
    mapper.updateById(m);
    return m;
  }

  /** Whether a person is a member, found by the keyed hash of their ID number. */
  public boolean isMember(String idNumber) {
    String id = IdNumbers.normalize(idNumber);
    return id != null
        && mapper.exists(
            new LambdaQueryWrapper<Member>()
                .eq(Member::getIdNumberHash, protection.lookupHash(id)));
  }

  /** The member with this member number, or {@code null}. */
  public Membership findByNumber(String memberNumber) {
    return memberNumber == null
        ? null
        : mapper.selectOne(
            new LambdaQueryWrapper<Member>().eq(Member::getMemberNumber, memberNumber));
  }

  /**
   * One answer for a number or WeChat taken anywhere: nothing about where, or that it is a member.
   */
  private static DomainException duplicate() {
    return DomainException.conflict("member.duplicate", COPY.text("duplicate"));
  }

  @Transactional
  public Membership update(Caller caller, long id, MemberData data) {
    Member m = visible(caller, id);
    Org org = visibleOrg(caller, data.orgId() == null ? m.getOrgId() : data.orgId());
    MemberData merged =
        new MemberData(
            data.name() == null ? m.getName() : data.name(),
            data.idNumber() == null ? protection.decrypt(m.getIdNumberEnc()) : data.idNumber(),
            data.mobile() == null ? protection.decrypt(m.getMobileEnc()) : data.mobile(),
            data.employer() == null ? m.getEmployer() : data.employer(),
            org.getId(),
            null);
    apply(m, merged, org);
    try {
      mapper.updateById(m);
    } catch (DuplicateKeyException e) {
      throw duplicate();
    }
    return m;
  }

  @Transactional
  public void delete(Caller caller, long id) {
    mapper.deleteById(get(caller, id).getId());
  }

  public Membership get(Caller caller, long id) {
    return visible(caller, id);
  }

  private Member visible(Caller caller, long id) {
    Member m = mapper.selectById(id);
    if (m == null || !caller.sees(m.getOrgPath())) {
      throw DomainException.notFound(COPY.text("what_member"));
    }
    return m;
  }

  /** The full ID number, for the rare case a person must see it; callers audit this. */
  public String revealIdNumber(Caller caller, long id) {
    return protection.decrypt(get(caller, id).getIdNumberEnc());
  }

  /** Members of the caller's subtree, by name part, exact ID number (via its hash) or org. */
  public PageResult<Membership> list(
      Caller caller, String name, String idNumber, Long orgId, int page, int size) {
    LambdaQueryWrapper<Member> q =
        new LambdaQueryWrapper<Member>().likeRight(Member::getOrgPath, caller.orgPath());
    if (name != null && !name.isBlank()) {
      q.like(Member::getName, name.strip());
    }
    if (idNumber != null && !idNumber.isBlank()) {
      q.eq(Member::getIdNumberHash, protection.lookupHash(IdNumbers.normalize(idNumber)));
    }
    if (orgId != null) {
      q.eq(Member::getOrgId, orgId);
    }
    q.orderByAsc(Member::getId);
    Page<Member> result = mapper.selectPage(Page.of(page, size), q);
    return new PageResult<>(
        java.util.List.<Membership>copyOf(result.getRecords()), result.getTotal(), page, size);
  }

  /** The member bound to a WeChat follower, or {@code null}. */
  public Membership findByOpenid(String openid) {
    return mapper.selectOne(new LambdaQueryWrapper<Member>().eq(Member::getOpenid, openid));
  }

  private void apply(Member m, MemberData data, Org org) {
    String name = data.name() == null ? "" : data.name().strip();
    if (name.isEmpty() || name.length() > 64) {
      throw DomainException.invalid("member.name", COPY.text("name_invalid"));
    }
    String id = IdNumbers.normalize(data.idNumber());
    if (!IdNumbers.isValidIdNumber(id)) {
      throw DomainException.invalid("member.id-number", COPY.text("id_number_invalid"));
    }
    String mobile = data.mobile() == null ? null : data.mobile().strip();
    if (mobile != null && !mobile.isEmpty() && !IdNumbers.isValidMobile(mobile)) {
      throw DomainException.invalid("member.mobile", COPY.text("mobile_invalid"));
    }
    if (data.employer() != null && data.employer().length() > 128) {
      throw DomainException.invalid("member.employer", COPY.text("employer_too_long"));
    }
    m.setName(name);
    m.setIdNumberEnc(protection.encrypt(id));
    m.setIdNumberHash(protection.lookupHash(id));
    boolean hasMobile = mobile != null && !mobile.isEmpty();
    m.setMobileEnc(hasMobile ? protection.encrypt(mobile) : null);
    m.setMobileHash(hasMobile ? protection.lookupHash(mobile) : null);
    m.setEmployer(data.employer() == null ? null : data.employer().strip());
    m.setOrgId(org.getId());
    m.setOrgPath(org.getPath());
    m.setUpdatedAt(now());
  }

  private Org visibleOrg(Caller caller, Long orgId) {
    if (orgId == null) {
      throw DomainException.invalid("member.org", COPY.text("org_missing"));
    }
    return orgs.visibleIn(caller.orgPath(), orgId);
  }

  private LocalDateTime now() {
    return LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE);
  }
}
