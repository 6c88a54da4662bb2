package cn.union;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.IntegrationTest;
import cn.union.support.TestLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Reads the whole log of the test run (every integration test's server writes to {@code
 * target/it-logs/app.log}) and fails on personal data or secrets in it: a mobile number, an
 * 18-digit ID number with a real birth date, an openid a test played in full, a bearer token a test
 * was given, an {@code access_token} in a URL, the sandbox's app secret and AES key, the admin's
 * password. Runs after the other tests (failsafe, after surefire). The parts the log rolled over
 * into (at midnight, or at its size cap) are read too.
 */
class LogScanIT {

  static final Path LOG = TestLog.DIR.resolve("app.log");

  static final Pattern PHONE = Pattern.compile("(?<![0-9])1[3-9][0-9]{9}(?![0-9])");
  static final Pattern ID_NUMBER =
      Pattern.compile(
          "(?<![0-9A-Za-z])[1-9][0-9]{5}((?:19|20)[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9A-Za-z])");
  static final Pattern WORD = Pattern.compile("[A-Za-z0-9_-]{8,}");
  static final Pattern ACCESS_TOKEN = Pattern.compile("access_token=[^&\\s\"]{8,}");
  static final List<String> SECRETS =
      List.of(
          "sandbox-secret-not-for-production",
          "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
          IntegrationTest.ADMIN_PASSWORD,
          "Changed#2026",
          "Initial#2026");

  @Test
  void theRunsLogHoldsNoPersonalDataAndNoSecret() throws IOException {
    assertThat(LOG).as("the test run's log (surefire writes it; run mvn verify)").exists();
    Set<String> openids = lines("openids.txt");
    Set<String> tokens = lines("tokens.txt");
    assertThat(openids).as("openids the tests played").hasSizeGreaterThan(100);
    assertThat(tokens).as("tokens the tests were given").hasSizeGreaterThan(50);
    List<String> findings = new ArrayList<>();
    long count = 0;
    List<Path> files = logFiles();
    for (Path file : files) {
      try (BufferedReader in = open(file)) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          count++;
          scan(count, line, openids, tokens, findings);
        }
      }
    }
    System.out.printf(
        "[log-scan] %d log lines in %d files, %d openids, %d tokens checked; %d findings%n",
        count, files.size(), openids.size(), tokens.size(), findings.size());
    assertThat(count).as("log lines (the run wrote its log there)").isGreaterThan(100);
    assertThat(findings).as("personal data or secrets in the log (line: what)").isEmpty();
  }

  /**
   * The log and whatever it rolled over into: the file rolls at midnight (and at its size cap), so
   * a run that crosses midnight leaves the earlier part in {@code app.log.<date>.<n>.gz}.
   */
  static List<Path> logFiles() throws IOException {
    try (Stream<Path> all = Files.list(TestLog.DIR)) {
      return all.filter(p -> p.getFileName().toString().startsWith("app.log")).sorted().toList();
    }
  }

  static BufferedReader open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  static void scan(
      long n, String line, Set<String> openids, Set<String> tokens, List<String> findings) {
    Matcher phone = PHONE.matcher(line);
    while (phone.find()) {
      findings.add(n + ": a mobile number " + mask(phone.group()));
    }
    Matcher id = ID_NUMBER.matcher(line);
    while (id.find()) {
      if (realDate(id.group(1), id.group(2), id.group(3))) {
        findings.add(n + ": an ID number " + mask(id.group()));
      }
    }
    Matcher word = WORD.matcher(line);
    while (word.find()) {
      if (openids.contains(word.group())) {
        findings.add(n + ": a whole openid " + mask(word.group()));
      } else if (tokens.contains(word.group())) {
        findings.add(n + ": a bearer token " + mask(word.group()));
      }
    }
    if (ACCESS_TOKEN.matcher(line).find()) {
      findings.add(n + ": an access_token in a URL");
    }
    for (String secret : SECRETS) {
      if (line.contains(secret)) {
        findings.add(n + ": a secret " + mask(secret));
      }
    }
  }

  static boolean realDate(String y, String m, String d) {
    try {
      LocalDate.parse(y + "-" + m + "-" + d);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  static String mask(String s) {
    return s.substring(0, Math.min(3, s.length())) + "***";
  }

  static Set<String> lines(String file) throws IOException {
    Path p = TestLog.DIR.resolve(file);
    return p.toFile().exists()
        ? new HashSet<>(Files.readAllLines(p, StandardCharsets.UTF_8))
        : Set.of();
  }
}
