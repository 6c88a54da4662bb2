package cn.union.seed;

import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.platform.TemplateFiles;
import cn.union.staff.Role;
import cn.union.staff.StaffService;
import cn.union.staff.StaffUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A realistic but fictional demo province (flagged demo), so the embedded default shows something:
 * the units of {@code templates/seed/demo-orgs.txt} and three demo accounts named in {@code
 * templates/seed/seed.properties}.
 */
final class DemoData {

  static final String ORGS = "seed/demo-orgs.txt";

  private DemoData() {}

  /**
   * Creates the demo units below {@code root} and the demo accounts, named in {@code names}.
   *
   * @return the accounts made, as {@code username (role, org)}, for the log
   */
  static List<String> seed(
      OrgService orgs, StaffService staff, Org root, Properties names, String password) {
    // The unit made last at each depth: the parent of a line indented one step deeper.
    List<Org> parents = new ArrayList<>(List.of(root));
    Org firstCity = null;
    Org firstCounty = null;
    for (String line : TemplateFiles.lines(ORGS)) {
      int indent = line.length() - line.stripLeading().length();
      int depth = indent / 2 + 1;
      if (indent % 2 != 0 || depth > parents.size()) {
        throw new IllegalStateException("templates/" + ORGS + ": bad indentation at " + line);
      }
      Org parent = parents.get(depth - 1);
      Org org = orgs.create(parent.getId(), line.strip(), parent.getLevel().next(), true);
      parents.subList(depth, parents.size()).clear();
      parents.add(org);
      firstCity = firstCity == null && depth == 1 ? org : firstCity;
      firstCounty = firstCounty == null && depth == 2 ? org : firstCounty;
    }
    return List.of(
        demoUser(staff, names, "demo_city", Role.ORG_ADMIN, firstCity, password),
        demoUser(staff, names, "demo_informant", Role.INFORMANT, firstCounty, password),
        // Reads the whole audit log and checks its chain and the seal chain; changes nothing.
        demoUser(staff, names, "demo_auditor", Role.AUDITOR, root, password));
  }

  private static String demoUser(
      StaffService staff, Properties names, String username, Role role, Org org, String pw) {
    StaffUser u = staff.bootstrapDemo(username, pw, names.getProperty(username), role, org);
    if (u == null) {
      throw new IllegalStateException("could not create demo user " + username);
    }
    return username + " (" + role + ", " + org.getName() + ")";
  }
}
