package cn.union.seed;

import cn.union.org.Org;
import cn.union.org.OrgLevel;
import cn.union.org.OrgService;
import cn.union.platform.PlatformProperties;
import cn.union.platform.TemplateFiles;
import cn.union.staff.PasswordPolicy;
import cn.union.staff.StaffService;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * First start: the root org and the super-admin of the contract ({@code ADMIN_USERNAME} / {@code
 * ADMIN_PASSWORD}, or a generated password printed once and to be changed at first login); in the
 * embedded default also a demo province with demo accounts.
 */
@Component
@Order(0)
class Bootstrap implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);
  static final String DEMO_PASSWORD = "Demo#2026union";

  private final OrgService orgs;
  private final StaffService staff;
  private final PlatformProperties platform;
  private final String adminUsername;
  private final String adminPassword;
  private final String rootName;

  /** The names of what the first start creates ({@code templates/seed/seed.properties}). */
  private final Properties names;

  Bootstrap(
      OrgService orgs,
      StaffService staff,
      PlatformProperties platform,
      @Value("${union.admin.username:admin}") String adminUsername,
      @Value("${union.admin.password:}") String adminPassword,
      @Value("${union.root-org-name:}") String rootName) {
    this.orgs = orgs;
    this.staff = staff;
    this.platform = platform;
    this.adminUsername = adminUsername;
    this.adminPassword = adminPassword;
    this.names = TemplateFiles.properties("seed/seed.properties");
    this.rootName = rootName.isBlank() ? names.getProperty("root_org") : rootName;
  }

  @Override
  public void run(ApplicationArguments args) {
    Org root = orgs.root();
    boolean fresh = root == null;
    if (fresh) {
      root = orgs.create(null, rootName, OrgLevel.PROVINCE, platform.embedded());
    }
    if (!staff.anySuperAdmin()) {
      boolean generated = adminPassword == null || adminPassword.isBlank();
      String password = generated ? PasswordPolicy.generate() : adminPassword;
      staff.bootstrap(adminUsername, password, root, generated);
      if (generated) {
        // Printed once, to the console of the operator who started the service; it must be changed
        // at first login.
        System.out.println(
            "\n  Super-admin created: username '"
                + adminUsername
                + "', password '"
                + password
                + "' (shown only now; you must change it at first login)\n");
      } else {
        log.info("Super-admin '{}' created from ADMIN_USERNAME/ADMIN_PASSWORD", adminUsername);
      }
    }
    if (fresh && platform.embedded()) {
      List<String> accounts = DemoData.seed(orgs, staff, root, names, DEMO_PASSWORD);
      log.info(
          "Seeded the DEMO province (demo data, embedded default only). Demo accounts: {},"
              + " password {}",
          String.join(", ", accounts),
          DEMO_PASSWORD);
    }
  }
}
