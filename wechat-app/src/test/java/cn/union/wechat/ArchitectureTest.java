package cn.union.wechat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Arrows run one way, and the WeChat SDK stays inside the gateway. */
class ArchitectureTest {

  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("cn.union");

  @Test
  void wxJavaStaysInTheGateway() {
    noClasses()
        .that()
        .resideOutsideOfPackage("cn.union.wechat..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("me.chanjar..")
        .check(CLASSES);
  }

  @Test
  void coreKnowsNothingOfHttpOrWeChat() {
    // every package of core, whatever features come: all below cn.union but the gateway, the
    // sandbox, the bench endpoints and the admin API
    noClasses()
        .that()
        .resideInAPackage("cn.union.(*)..")
        .and()
        .resideOutsideOfPackages(
            "cn.union.wechat..", "cn.union.admin..", "cn.union.sandbox..", "cn.union.bench..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "cn.union.wechat..",
            "cn.union.admin..",
            "cn.union.sandbox..",
            "org.springframework.web..",
            "jakarta.servlet..")
        .check(CLASSES);
  }

  @Test
  void adminApiDoesNotReachIntoTheGateway() {
    noClasses()
        .that()
        .resideInAPackage("cn.union.admin..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("cn.union.wechat..", "cn.union.sandbox..")
        .allowEmptyShould(true)
        .check(CLASSES);
  }
}
