package cn.union;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The trade-union federation's official-account backend: WeChat gateway, admin API, console. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class UnionApplication {

  /** What {@code prod} cannot start without. */
  static final List<String> PROD_REQUIRED =
      List.of("DB_URL", "DB_USER", "REDIS_URL", "DATA_KEY", "WX_APPID", "WX_SECRET", "WX_TOKEN");

  /**
   * Set by the build's training start (wechat-app/pom.xml): start completely, answer one health
   * check, record the class-data archive (the launcher asks for it, there being none yet), exit.
   */
  static final String TRAINING = "union.cds.training";

  public static void main(String[] args) {
    refuseIncompleteProd(args);
    ConfigurableApplicationContext context = SpringApplication.run(UnionApplication.class, args);
    boolean training = Boolean.getBoolean(TRAINING);
    if (training || System.getProperty(Launcher.RECORD) != null) {
      boolean healthy = askHealth(context);
      // the archive of this start, at this place (cn.union.Launcher); only after a healthy start
      if (healthy) {
        Launcher.recordArchiveIfAsked();
      }
      if (training) {
        System.exit(
            healthy ? SpringApplication.exit(context) : SpringApplication.exit(context, () -> 1));
      }
    }
  }

  /** One health check over HTTP, so the classes of a first request are loaded too. */
  private static boolean askHealth(ConfigurableApplicationContext context) {
    String port = context.getEnvironment().getProperty("local.server.port");
    try {
      HttpURLConnection health =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + port + "/actuator/health").toURL().openConnection();
      try (InputStream in = health.getInputStream()) {
        in.readAllBytes();
      }
      System.out.println("Start-up: health answered " + health.getResponseCode());
      return health.getResponseCode() == 200;
    } catch (IOException e) {
      System.err.println("Start-up: health check failed: " + e);
      return false;
    }
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
    String profiles =
        System.getProperty(
            "spring.profiles.active", env.getOrDefault("SPRING_PROFILES_ACTIVE", ""));
    for (String arg : args) {
      if (arg.startsWith("--spring.profiles.active=")) {
        profiles = arg.substring("--spring.profiles.active=".length());
      }
    }
    boolean prod = Arrays.stream(profiles.split(",")).map(String::trim).anyMatch("prod"::equals);
    if (!prod) {
      return List.of();
    }
    return PROD_REQUIRED.stream()
        .filter(name -> env.get(name) == null || env.get(name).isBlank())
        .toList();
  }
}
