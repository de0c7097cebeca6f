package dev.spectra.orchestrator.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a corpus of replies from a test resource: "=== name" starts a case, "key: value" lines are its headers,
 * "--- reply" starts the reply, whose lines run to the next "=== " line (joined with \n, no final line break).
 * Lines starting with "#" before the first case are comments. With "unescape: true", {@code \}{@code u{HEX}} in the
 * reply becomes that code point (for characters that are hard to see in a file).
 */
final class ReplyCorpus {
  private static final Pattern CODE_POINT = Pattern.compile("\\\\u\\{([0-9A-Fa-f]{1,6})}");

  record Case(String name, Map<String, String> headers, String reply) {
    String category() {
      int colon = name.indexOf(':');
      return colon < 0 ? name : name.substring(0, colon).strip();
    }

    String header(String key) {
      return headers.get(key);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private ReplyCorpus() {}

  static List<Case> load(String resource) {
    String text;
    try (InputStream in = ReplyCorpus.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Case> cases = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    int i = 0;
    while (i < lines.length && !lines[i].startsWith("=== ")) {
      i++;
    }
    while (i < lines.length) {
      String name = lines[i++].substring(4).strip();
      Map<String, String> headers = new LinkedHashMap<>();
      while (i < lines.length && !lines[i].equals("--- reply")) {
        String line = lines[i++];
        int colon = line.indexOf(':');
        if (colon < 0) {
          throw new IllegalStateException("case '" + name + "': header without ':': " + line);
        }
        headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
      if (i >= lines.length) {
        throw new IllegalStateException("case '" + name + "' has no '--- reply' line");
      }
      i++;
      List<String> reply = new ArrayList<>();
      while (i < lines.length && !lines[i].startsWith("=== ")) {
        reply.add(lines[i++]);
      }
      if (i >= lines.length && !reply.isEmpty() && reply.get(reply.size() - 1).isEmpty()) {
        reply.remove(reply.size() - 1);
      }
      String r = String.join("\n", reply);
      if ("true".equals(headers.get("unescape"))) {
        r = unescape(r);
      }
      cases.add(new Case(name, headers, r));
    }
    return cases;
  }

  private static String unescape(String s) {
    Matcher m = CODE_POINT.matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(b, Matcher.quoteReplacement(Character.toString(Integer.parseInt(m.group(1), 16))));
    }
    m.appendTail(b);
    return b.toString();
  }
}
