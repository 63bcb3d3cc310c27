package dev.ctx4j.processor.vet;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The options of {@link Ctx4jVet}, given as {@code -Xplugin:"Ctx4jVet <option> ..."} (which replaces the automatic
 * start): {@code off} turns the plugin off, {@code -<rule>} turns one rule off (for example {@code -ctxfirst}), and
 * {@code errors} makes every finding an error instead of a warning.
 */
final class VetOptions {
  /** The option that turns the plugin off. */
  static final String OFF = "off";
  /** The option that makes findings errors. */
  static final String ERRORS = "errors";

  final boolean off;
  final boolean errors;
  private final Set<Rule> enabled;
  /** What could not be understood, as messages; empty when every option was valid. */
  final List<String> problems;

  private VetOptions(boolean off, boolean errors, Set<Rule> enabled, List<String> problems) {
    this.off = off;
    this.errors = errors;
    this.enabled = enabled;
    this.problems = problems;
  }

  /** Parses the plugin's arguments (javac splits the text after the plugin's name at white space). */
  static VetOptions parse(String... args) {
    boolean off = false;
    boolean errors = false;
    Set<Rule> enabled = EnumSet.allOf(Rule.class);
    List<String> problems = new ArrayList<>();
    for (String arg : args) {
      String option = arg.trim();
      if (option.isEmpty()) {
        continue;
      }
      if (option.equals(OFF)) {
        off = true;
      } else if (option.equals(ERRORS)) {
        errors = true;
      } else if (option.startsWith("-") && Rule.byId(option.substring(1)) != null) {
        enabled.remove(Rule.byId(option.substring(1)));
      } else {
        problems.add(
            "[ctx4j:options] Ctx4jVet option must be "
                + OFF
                + ", "
                + ERRORS
                + " or -<rule>, was \""
                + option
                + "\"; the rules are "
                + ruleList()
                + ", for example -Xplugin:\"Ctx4jVet -ctxfirst\"");
      }
    }
    return new VetOptions(off, errors, enabled, List.copyOf(problems));
  }

  /** Whether {@code rule} is on. */
  boolean enabled(Rule rule) {
    return !off && enabled.contains(rule);
  }

  private static String ruleList() {
    List<String> ids = new ArrayList<>();
    for (Rule rule : Rule.values()) {
      ids.add(rule.id());
    }
    return String.join(", ", ids);
  }
}
