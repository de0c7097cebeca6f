package dev.spectra.orchestrator.test.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets with {@value #REDACTED} before anything is written to a cassette or shown in a message:
 * API-key shapes ({@code sk-…}, {@code ghp_…}, {@code AKIA…}), bearer tokens, secret-looking values of keys named
 * like key/token/secret/password/authorization, the values of such environment variables, and strings the
 * caller registers. Not API.
 */
public final class SecretScrubber {
  public static final String REDACTED = "[REDACTED]";

  /** Smallest secret the caller may register: shorter ones would redact ordinary words. */
  public static final int MIN_SECRET_LENGTH = 4;

  private static final String SECRET_NAME = "(?:key|token|secret|password|passwd|authorization|credential)";
  private static final Pattern SECRET_KEY_NAME = Pattern.compile("(?i).*" + SECRET_NAME + ".*");
  private static final Pattern ENV_NAME = Pattern.compile("(?i).*(?:key|token|secret|password|passwd|credential).*");
  private static final List<Pattern> SHAPES = List.of(
      Pattern.compile("sk-[A-Za-z0-9_\\-]{8,}"),
      Pattern.compile("gh[pousr]_[A-Za-z0-9]{20,}"),
      Pattern.compile("github_pat_[A-Za-z0-9_]{20,}"),
      Pattern.compile("AKIA[0-9A-Z]{16}"),
      Pattern.compile("xox[abprs]-[A-Za-z0-9\\-]{10,}"),
      Pattern.compile("AIza[0-9A-Za-z_\\-]{35}"));
  private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=\\-]{8,}");
  /** {@code name: value}, {@code name=value}, {@code "name": "value"} where the name looks secret. */
  private static final Pattern ASSIGNMENT = Pattern.compile(
      "(?i)([\"']?[A-Za-z0-9_.\\-]*" + SECRET_NAME + "[A-Za-z0-9_.\\-]*[\"']?\\s*[:=]\\s*)([\"']?)([^\\s\"',;}\\])]{6,})");

  private final List<String> literals;

  private SecretScrubber(List<String> literals) {
    List<String> sorted = new ArrayList<>(literals);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.literals = List.copyOf(sorted);
  }

  /**
   * A scrubber for the built-in shapes plus {@code extraSecrets}, and, when {@code fromEnvironment}, the values
   * (8 characters or more) of environment variables whose names contain key, token, secret or password.
   */
  public static SecretScrubber create(Collection<String> extraSecrets, boolean fromEnvironment) {
    List<String> literals = new ArrayList<>();
    for (String secret : extraSecrets) {
      literals.add(checkSecret(secret));
    }
    if (fromEnvironment) {
      for (Map.Entry<String, String> e : System.getenv().entrySet()) {
        if (ENV_NAME.matcher(e.getKey()).matches() && e.getValue() != null && e.getValue().strip().length() >= 8) {
          literals.add(e.getValue().strip());
        }
      }
    }
    return new SecretScrubber(literals);
  }

  /** Validates a secret the caller registers; returns it. */
  public static String checkSecret(String secret) {
    if (secret == null) {
      throw new NullPointerException("secret == null");
    }
    if (secret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException("a secret to scrub must have at least " + MIN_SECRET_LENGTH
          + " characters (shorter ones would redact ordinary text), but had " + secret.length());
    }
    return secret;
  }

  /** {@code text} with every secret replaced; {@code null} stays {@code null}. */
  public String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String literal : literals) {
      out = out.replace(literal, REDACTED);
    }
    for (Pattern shape : SHAPES) {
      out = shape.matcher(out).replaceAll(REDACTED);
    }
    out = BEARER.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + " " + REDACTED));
    out = ASSIGNMENT.matcher(out).replaceAll(m -> {
      String value = m.group(3);
      String replacement = looksSecret(value) ? m.group(1) + m.group(2) + REDACTED : m.group();
      return Matcher.quoteReplacement(replacement);
    });
    return out;
  }

  /**
   * A scrubbed copy of a tree from outside (custom parameters, message attributes): text values of fields named
   * like a secret are replaced entirely, every other text value is scrubbed like free text.
   */
  public JsonNode scrubTree(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isObject()) {
      ObjectNode copy = ((ObjectNode) node).objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String name = scrub(e.getKey());
        if (SECRET_KEY_NAME.matcher(e.getKey()).matches() && e.getValue().isTextual()) {
          copy.put(name, REDACTED);
        } else {
          copy.set(name, scrubTree(e.getValue()));
        }
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = ((ArrayNode) node).arrayNode();
      node.forEach(child -> copy.add(scrubTree(child)));
      return copy;
    }
    if (node.isTextual()) {
      return TextNode.valueOf(scrub(node.textValue()));
    }
    return node;
  }

  /** Values that look like credentials rather than words, counts or type names. */
  private static boolean looksSecret(String value) {
    if (value.equals(REDACTED) || value.startsWith("[")) {
      return false;
    }
    boolean letter = false;
    boolean digit = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      letter |= Character.isLetter(c);
      digit |= Character.isDigit(c);
    }
    return (letter && digit) || value.length() >= 20;
  }
}
