package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.internal.Checks;

/**
 * One line of {@code spectra doctor}: what was checked, how it went, and the fix when it did not go well.
 *
 * @param name what was checked, e.g. {@code Java} or {@code openai}
 * @param status how it went
 * @param detail what was found
 * @param fix what to do, empty when nothing is to be done
 */
record Check(String name, Status status, String detail, String fix) {
  /** How a check went. {@code FAIL_CONFIG} is a failure only a change of settings fixes (exit 2). */
  enum Status {
    OK, WARN, FAIL, FAIL_CONFIG
  }

  Check {
    Checks.notBlank(name, "name");
    Checks.notNull(status, "status");
    detail = detail == null ? "" : detail;
    fix = fix == null ? "" : fix;
  }

  static Check ok(String name, String detail) {
    return new Check(name, Status.OK, detail, "");
  }

  static Check warn(String name, String detail, String fix) {
    return new Check(name, Status.WARN, detail, fix);
  }

  static Check fail(String name, String detail, String fix) {
    return new Check(name, Status.FAIL, detail, fix);
  }

  static Check failConfig(String name, String detail, String fix) {
    return new Check(name, Status.FAIL_CONFIG, detail, fix);
  }

  /** The printed tag: {@code ok}, {@code warn} or {@code FAIL}. */
  String tag() {
    return switch (status) {
      case OK -> "ok";
      case WARN -> "warn";
      case FAIL, FAIL_CONFIG -> "FAIL";
    };
  }
}
