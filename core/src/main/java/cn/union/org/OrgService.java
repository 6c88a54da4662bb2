package cn.union.org;

import cn.union.platform.PlatformConfig;
import cn.union.shared.DomainException;
import cn.union.shared.PageResult;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import com.baomidou.mybatisplus.extension.plugins.pagination.Page;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The org tree: creating units, reading a subtree, finding units by name. */
@Service
public class OrgService {

  public static final int MAX_NAME = 128;
  private static final cn.union.platform.Copy COPY = cn.union.platform.Copy.load("org");

  private final OrgUnitMapper mapper;
  private final Clock clock;

  OrgService(OrgUnitMapper mapper, Clock clock) {
    this.mapper = mapper;
    this.clock = clock;
  }

  /** The org, whoever asks; callers that serve a person check scope first. */
  public Org get(long id) {
    return unit(id);
  }

  private OrgUnit unit(long id) {
    OrgUnit org = mapper.selectById(id);
    if (org == null) {
      throw DomainException.notFound(COPY.text("what_org"));
    }
    return org;
  }

  /**
   * The org if it lies in the subtree at {@code scopePath}; otherwise 404, so that the existence of
   * another subtree's units does not leak. The one place this rule is written.
   */
  public Org visibleIn(String scopePath, long id) {
    OrgUnit org = mapper.selectById(id);
    if (org == null || !org.getPath().startsWith(scopePath)) {
      throw DomainException.notFound(COPY.text("what_org"));
    }
    return org;
  }

  public Org find(long id) {
    return mapper.selectById(id);
  }

  /**
   * The names of the orgs with the given ids, by id, in one query: what a page of another feature's
   * rows shows beside its org ids. Unknown ids are left out.
   */
  public Map<Long, String> names(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<Long, String> names = new HashMap<>();
    for (OrgUnit o :
        mapper.selectList(
            new LambdaQueryWrapper<OrgUnit>()
                .select(OrgUnit::getId, OrgUnit::getName)
                .in(OrgUnit::getId, new HashSet<>(ids)))) {
      names.put(o.getId(), o.getName());
    }
    return names;
  }

  public long count() {
    return mapper.selectCount(null);
  }

  /** The top of the tree, or {@code null} when there is none yet. */
  public Org root() {
    return mapper.selectOne(
        new LambdaQueryWrapper<OrgUnit>().isNull(OrgUnit::getParentId).last("LIMIT 1"));
  }

  /**
   * Creates an org under {@code parentId} (or the root when {@code parentId} is null). Its level
   * must be the parent's next level, so the tree keeps its five levels.
   */
  @Transactional
  public Org create(Long parentId, String name, OrgLevel level, boolean demo) {
    String clean = name == null ? "" : name.strip();
    if (clean.isEmpty() || clean.length() > MAX_NAME) {
      throw DomainException.invalid(
          "org.name", COPY.render("name.invalid", Map.of("max", MAX_NAME)));
    }
    if (level == null) {
      throw DomainException.invalid("org.level", COPY.text("level.missing"));
    }
    OrgUnit parent = null;
    if (parentId == null) {
      if (level != OrgLevel.PROVINCE || root() != null) {
        throw DomainException.invalid("org.parent", COPY.text("parent.missing"));
      }
    } else {
      parent = unit(parentId);
      if (parent.getLevel().next() != level) {
        throw DomainException.invalid(
            "org.level-mismatch",
            parent.getLevel().next() == null
                ? COPY.text("level.lowest")
                : COPY.render("level.next", Map.of("level", parent.getLevel().next())));
      }
    }
    OrgUnit org = new OrgUnit();
    org.setParentId(parentId);
    org.setName(clean);
    org.setLevel(level);
    org.setDemo(demo);
    org.setCreatedAt(LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE));
    // The path needs the id; a unique placeholder keeps the constraint satisfied until then.
    org.setPath("/tmp-" + java.util.UUID.randomUUID() + "/");
    try {
      mapper.insert(org);
    } catch (DuplicateKeyException e) {
      throw DomainException.conflict(
          "org.duplicate-name", COPY.render("name.duplicate", Map.of("name", clean)));
    }
    org.setPath((parent == null ? "/" : parent.getPath()) + org.getId() + "/");
    mapper.updateById(org);
    return org;
  }

  @Transactional
  public Org update(long id, String name, Boolean requiresReview) {
    OrgUnit org = unit(id);
    if (name != null) {
      String clean = name.strip();
      if (clean.isEmpty() || clean.length() > MAX_NAME) {
        throw DomainException.invalid(
            "org.name", COPY.render("name.invalid", Map.of("max", MAX_NAME)));
      }
      org.setName(clean);
    }
    if (requiresReview != null) {
      org.setRequiresReview(requiresReview);
    }
    try {
      mapper.updateById(org);
    } catch (DuplicateKeyException e) {
      throw DomainException.conflict("org.duplicate-name", COPY.text("name.duplicate-sibling"));
    }
    return org;
  }

  /**
   * The org and everything under it, as a tree; {@code maxDepth} levels below it at most (null:
   * all).
   */
  public OrgNode tree(Org top, Integer maxDepth) {
    if (maxDepth != null && maxDepth < 0) {
      throw DomainException.invalid("org.depth", COPY.text("tree.depth"));
    }
    LambdaQueryWrapper<OrgUnit> q =
        new LambdaQueryWrapper<OrgUnit>().likeRight(OrgUnit::getPath, top.getPath());
    if (maxDepth != null) {
      List<OrgLevel> levels =
          Arrays.stream(OrgLevel.values())
              .filter(
                  l ->
                      l.ordinal() >= top.getLevel().ordinal()
                          && l.ordinal() <= top.getLevel().ordinal() + maxDepth)
              .toList();
      q.in(OrgUnit::getLevel, levels);
    }
    q.orderByAsc(OrgUnit::getPath);
    List<OrgUnit> all = mapper.selectList(q);
    Map<Long, List<OrgUnit>> byParent = new HashMap<>();
    for (OrgUnit o : all) {
      if (o.getParentId() != null) {
        byParent.computeIfAbsent(o.getParentId(), k -> new ArrayList<>()).add(o);
      }
    }
    return node(top, byParent);
  }

  private OrgNode node(Org org, Map<Long, List<OrgUnit>> byParent) {
    List<OrgNode> children = new ArrayList<>();
    for (OrgUnit child : byParent.getOrDefault(org.getId(), List.of())) {
      children.add(node(child, byParent));
    }
    children.sort((a, b) -> a.name().compareTo(b.name()));
    return new OrgNode(
        org.getId(), org.getName(), org.getLevel(), org.isRequiresReview(), children);
  }

  /**
   * Units under {@code top} (itself included) whose name contains {@code text}, oldest first
   * (parents before their children).
   */
  public PageResult<Org> search(Org top, String text, int page, int size) {
    LambdaQueryWrapper<OrgUnit> q = new LambdaQueryWrapper<>();
    if (top != null) {
      q.likeRight(OrgUnit::getPath, top.getPath());
    }
    if (text != null && !text.isBlank()) {
      q.like(OrgUnit::getName, text.strip());
    }
    q.orderByAsc(OrgUnit::getId);
    Page<OrgUnit> result = mapper.selectPage(Page.of(page, size), q);
    return new PageResult<>(List.<Org>copyOf(result.getRecords()), result.getTotal(), page, size);
  }

  /** The ids on the path from the root down to the org, the org last. */
  public static List<Long> pathIds(Org org) {
    return Arrays.stream(org.getPath().split("/"))
        .filter(s -> !s.isEmpty())
        .map(Long::valueOf)
        .toList();
  }

  /**
   * The paths of the orgs on the way from the root down to {@code orgPath} (itself included) that
   * ask for upper-level review of their answers. An answer written anywhere under such an org waits
   * for an admin above it, so moving a case into a child org does not skip the review.
   */
  public List<String> reviewedPathsOn(String orgPath) {
    List<Long> ids =
        Arrays.stream(orgPath.split("/")).filter(s -> !s.isEmpty()).map(Long::valueOf).toList();
    if (ids.isEmpty()) {
      return List.of();
    }
    return mapper
        .selectList(
            new LambdaQueryWrapper<OrgUnit>()
                .in(OrgUnit::getId, ids)
                .eq(OrgUnit::isRequiresReview, true))
        .stream()
        .map(OrgUnit::getPath)
        .toList();
  }

  /**
   * Whether an answer by someone of the org at {@code callerPath} to a case of the org at {@code
   * casePath} must wait for review: some org on the case's path asks for it and the caller is at or
   * below that org (an admin above it is the reviewer).
   */
  public boolean reviewRequired(String callerPath, String casePath) {
    return reviewedPathsOn(casePath).stream().anyMatch(callerPath::startsWith);
  }

  /**
   * Only an admin above an org may switch its review off; its own admins could otherwise skip it.
   */
  public void checkMayChangeReview(String callerPath, Org org, Boolean requiresReview) {
    boolean switchingOff = Boolean.FALSE.equals(requiresReview) && org.isRequiresReview();
    boolean above = org.getPath().startsWith(callerPath) && !org.getPath().equals(callerPath);
    if (switchingOff && !above) {
      throw DomainException.forbidden(COPY.text("review.switch-off"));
    }
  }

  /** The org's ancestors from the root down, the org itself excluded. */
  public List<Org> ancestors(Org org) {
    List<Long> ids = new ArrayList<>(pathIds(org));
    ids.remove(ids.size() - 1);
    if (ids.isEmpty()) {
      return List.of();
    }
    List<OrgUnit> found = mapper.selectByIds(ids);
    found.sort((a, b) -> Integer.compare(a.getPath().length(), b.getPath().length()));
    return List.copyOf(found);
  }

  /** Direct children of an org. */
  public List<Org> children(long orgId) {
    return List.copyOf(
        mapper.selectList(
            new LambdaQueryWrapper<OrgUnit>()
                .eq(OrgUnit::getParentId, orgId)
                .orderByAsc(OrgUnit::getId)));
  }
}
