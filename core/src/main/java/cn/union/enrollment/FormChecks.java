package cn.union.enrollment;

import cn.union.member.IdNumbers;
import cn.union.platform.Copy;
import java.time.LocalDate;
import java.util.Map;

/**
 * The checks of the enrollment form's fields and their messages, the same whether the worker
 * answers in the conversation or fills the H5 form. Each method answers the message to show, or
 * {@code null} when the value is fine.
 */
final class FormChecks {

  static final int MAX_NAME = 32;

  /** The employer as typed: a credit code (with or without a good check digit) or a name. */
  record EmployerInput(String name, String creditCode, boolean warning) {}

  private final Copy copy;

  FormChecks(Copy enrollmentCopy) {
    this.copy = enrollmentCopy;
  }

  String name(String text) {
    return text.isEmpty() || text.length() > MAX_NAME || text.contains("\n")
        ? copy.text("name_invalid")
        : null;
  }

  /** The problem of an ID number already {@link IdNumbers#normalize normalized}. */
  String idNumber(String id, LocalDate today) {
    IdNumbers.Problem problem = IdNumbers.problem(id, today);
    if (problem == null) {
      return null;
    }
    return switch (problem) {
      case LENGTH -> copy.render("id_length", Map.of("length", id == null ? 0 : id.length()));
      case CHARACTERS -> copy.text("id_characters");
      case REGION -> copy.text("id_region");
      case BIRTH_DATE -> copy.text("id_birth_date");
      case CHECK_DIGIT -> copy.text("id_check_digit");
    };
  }

  /** The mobile's digits, without the spaces and dashes people type. */
  static String mobileDigits(String text) {
    return text.replaceAll("[\\s-]", "");
  }

  String mobile(String digits) {
    return IdNumbers.isValidMobile(digits) ? null : copy.text("mobile_invalid");
  }

  /**
   * The employer's name or credit code; {@code null} when it is neither (see {@link
   * #employerProblem}).
   */
  static EmployerInput employer(String text) {
    CreditCodes.Verdict verdict = CreditCodes.check(text);
    if (verdict != CreditCodes.Verdict.MALFORMED) {
      return new EmployerInput(
          null, CreditCodes.normalize(text), verdict == CreditCodes.Verdict.CHECK_MISMATCH);
    }
    if (text.length() < 2 || text.length() > 128 || text.contains("\n")) {
      return null;
    }
    return new EmployerInput(text, null, false);
  }

  String employerProblem() {
    return copy.text("employer_invalid");
  }
}
