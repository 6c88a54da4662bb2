package cn.union;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The trade-union federation's official-account backend: WeChat gateway, admin API, console. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class UnionApplication {

  /** What {@code prod} cannot start without. */
  static final List<String> PROD_REQUIRED =
      List.of("DB_URL", "DB_USER", "REDIS_URL", "DATA_KEY", "WX_APPID", "WX_SECRET", "WX_TOKEN");

  public static void main(String[] args) {
    refuseIncompleteProd(args);
    SpringApplication.run(UnionApplication.class, args);
  }

  /** Exits with status 2 and says what is missing when {@code prod} lacks a required variable. */
  static void refuseIncompleteProd(String[] args) {
    List<String> missing = missingForProd(System.getenv(), args);
    if (!missing.isEmpty()) {
      System.err.println(
          "Refusing to start with profile prod: missing required variable(s) "
              + String.join(", ", missing)
              + ". See README.md, section Configuration.");
      System.exit(2);
    }
  }

  static List<String> missingForProd(Map<String, String> env, String[] args) {
    String profiles = System.getProperty("spring.profiles.active", env.getOrDefault("SPRING_PROFILES_ACTIVE", ""));
    for (String arg : args) {
      if (arg.startsWith("--spring.profiles.active=")) {
        profiles = arg.substring("--spring.profiles.active=".length());
      }
    }
    boolean prod = Arrays.stream(profiles.split(",")).map(String::trim).anyMatch("prod"::equals);
    if (!prod) {
      return List.of();
    }
    return PROD_REQUIRED.stream().filter(name -> env.get(name) == null || env.get(name).isBlank()).toList();
  }
}
