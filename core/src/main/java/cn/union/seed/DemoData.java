package cn.union.seed;

import cn.union.org.Org;
import cn.union.org.OrgLevel;
import cn.union.org.OrgService;
import cn.union.staff.Role;
import cn.union.staff.StaffService;
import cn.union.staff.StaffUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A realistic but fictional demo province (flagged demo), so the embedded default shows something.
 */
final class DemoData {

  private DemoData() {}

  /** city → county → town → grassroots units. */
  static final Map<String, Map<String, Map<String, List<String>>>> TREE = new LinkedHashMap<>();

  static {
    Map<String, Map<String, List<String>>> yichang = new LinkedHashMap<>();
    yichang.put(
        "西陵区总工会",
        Map.of(
            "西陵街道工会", List.of("宜昌三峡纺织有限公司工会", "西陵社区工会"),
            "夜明珠街道工会", List.of("宜昌夜明珠物流有限公司工会")));
    yichang.put("伍家岗区总工会", Map.of("大公桥街道工会", List.of("宜昌伍家岗机械厂工会")));
    yichang.put("夷陵区总工会", Map.of("小溪塔街道工会", List.of("夷陵建筑工程有限公司工会")));
    TREE.put("宜昌市总工会", yichang);

    Map<String, Map<String, List<String>>> xiangyang = new LinkedHashMap<>();
    xiangyang.put("樊城区总工会", Map.of("汉江街道工会", List.of("襄阳汽车零部件有限公司工会")));
    xiangyang.put("襄城区总工会", Map.of("古城街道工会", List.of("襄城社区工会")));
    TREE.put("襄阳市总工会", xiangyang);

    Map<String, Map<String, List<String>>> shiyan = new LinkedHashMap<>();
    shiyan.put("茅箭区总工会", Map.of("武当路街道工会", List.of("十堰车桥制造有限公司工会")));
    shiyan.put("张湾区总工会", Map.of("车城路街道工会", List.of("张湾快递网点联合工会")));
    TREE.put("十堰市总工会", shiyan);
  }

  static void seed(OrgService orgs, StaffService staff, Org root, String password) {
    Org firstCity = null;
    Org firstCounty = null;
    for (var city : TREE.entrySet()) {
      Org c = orgs.create(root.getId(), city.getKey(), OrgLevel.CITY, true);
      firstCity = firstCity == null ? c : firstCity;
      for (var county : city.getValue().entrySet()) {
        Org k = orgs.create(c.getId(), county.getKey(), OrgLevel.COUNTY, true);
        firstCounty = firstCounty == null ? k : firstCounty;
        for (var town : county.getValue().entrySet()) {
          Org t = orgs.create(k.getId(), town.getKey(), OrgLevel.TOWN, true);
          for (String unit : town.getValue()) {
            orgs.create(t.getId(), unit, OrgLevel.GRASSROOTS, true);
          }
        }
      }
    }
    demoUser(staff, "demo_city", "宜昌市总工会管理员（演示）", Role.ORG_ADMIN, firstCity, password);
    demoUser(staff, "demo_informant", "西陵区信息员（演示）", Role.INFORMANT, firstCounty, password);
    // Reads the whole audit log and checks its chain and the seal chain; changes nothing.
    demoUser(staff, "demo_auditor", "省总工会审计员（演示）", Role.AUDITOR, root, password);
  }

  private static void demoUser(
      StaffService staff, String username, String name, Role role, Org org, String pw) {
    StaffUser u = staff.bootstrapDemo(username, pw, name, role, org);
    if (u == null) {
      throw new IllegalStateException("could not create demo user " + username);
    }
  }
}
