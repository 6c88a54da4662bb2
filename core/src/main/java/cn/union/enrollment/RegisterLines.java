package cn.union.enrollment;

import cn.union.platform.Copy;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;

/**
 * The lines of one register import: what is wrong with a line, in the words the import reports
 * ({@code register_*} in the enrollment copy), and a good line as the register keeps it. One per
 * import, as it remembers the credit codes and union orgs met so far in the file.
 */
final class RegisterLines {

  private static final Pattern REGION = Pattern.compile("\\d{6}");

  private final Copy copy;
  private final LongPredicate orgExists;

  /** The values of {@code has_union} that mean yes and no: digits, English and Chinese words. */
  private final Set<String> yes = new HashSet<>(List.of("1", "true", "y", "yes"));

  private final Set<String> no = new HashSet<>(List.of("0", "false", "n", "no", ""));
  private final CreditCodeSet codes = new CreditCodeSet();
  private final Map<Long, Boolean> knownOrgs = new HashMap<>();

  RegisterLines(Copy enrollmentCopy, LongPredicate orgExists) {
    this.copy = enrollmentCopy;
    this.orgExists = orgExists;
    yes.addAll(List.of(copy.text("register_yes_words").split(",")));
    no.addAll(List.of(copy.text("register_no_words").split(",")));
  }

  /** A problem as the import lists it, with its line number (the header is line 1). */
  String at(long line, String problem) {
    return copy.render("register_line", Map.of("line", line, "problem", problem));
  }

  String badHeader() {
    return copy.render(
        "register_header", Map.of("columns", String.join(",", EmployerRegister.COLUMNS)));
  }

  String openQuote() {
    return copy.text("register_open_quote");
  }

  String noRows() {
    return copy.text("register_no_rows");
  }

  /** What is wrong with a line's fields, or {@code null} when nothing is. */
  String problem(List<String> f) {
    if (f.size() != EmployerRegister.COLUMNS.size()) {
      return copy.render(
          "register_columns",
          Map.of("expected", EmployerRegister.COLUMNS.size(), "actual", f.size()));
    }
    if (f.get(0).isEmpty() || f.get(0).length() > 128) {
      return copy.text("register_name");
    }
    String code = CreditCodes.normalize(f.get(1));
    if (CreditCodes.check(code) == CreditCodes.Verdict.MALFORMED) {
      return copy.render("register_credit_code", Map.of("code", f.get(1)));
    }
    if (!codes.add(code)) {
      return copy.render("register_credit_code_repeated", Map.of("code", code));
    }
    if (f.get(2).length() > 255) {
      return copy.text("register_address");
    }
    if (!REGION.matcher(f.get(3)).matches()) {
      return copy.text("register_region");
    }
    String has = f.get(4).toLowerCase(Locale.ROOT);
    if (!yes.contains(has) && !no.contains(has)) {
      return copy.text("register_has_union");
    }
    if (yes.contains(has)) {
      Long orgId;
      try {
        orgId = Long.valueOf(f.get(5));
      } catch (NumberFormatException e) {
        return copy.text("register_union_org_missing");
      }
      if (!knownOrgs.computeIfAbsent(orgId, orgExists::test)) {
        return copy.render("register_union_org_unknown", Map.of("id", orgId));
      }
    }
    return null;
  }

  /** A checked line as the register keeps it. */
  EmployerRegister.Row row(List<String> f) {
    boolean has = yes.contains(f.get(4).toLowerCase(Locale.ROOT));
    return new EmployerRegister.Row(
        f.get(0),
        CreditCodes.normalize(f.get(1)),
        f.get(2).isEmpty() ? null : f.get(2),
        f.get(3),
        has,
        has ? Long.valueOf(f.get(5)) : null);
  }
}
