package dev.spectra.orchestrator.llm.internal;

import dev.langchain4j.model.input.PromptTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The prompt resources under {@value #ROOT}: loading, their variables, and rendering the re-prompt texts. */
public final class Prompts {
  /** Where prompts live on the class path. */
  public static final String ROOT = "/dev/spectra/orchestrator/llm/prompts/";

  /** LangChain4j's variable syntax: {@code {{name}}}, spaces allowed inside the braces. */
  static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*(.+?)\\s*\\}\\}");

  private Prompts() {}

  /** The text of a prompt resource. */
  public static String load(String resource) {
    String path = resource.startsWith("/") ? resource : ROOT + resource;
    try (InputStream in = Prompts.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("prompt resource " + path + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read prompt resource " + path, e);
    }
  }

  /** The variables a template uses, in order of first use. */
  public static Set<String> variables(String template) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = VARIABLE.matcher(template);
    while (m.find()) {
      names.add(m.group(1).trim());
    }
    return names;
  }

  /** Renders a prompt resource; values are inserted literally (never read as templates). */
  public static String render(String resource, Map<String, Object> values) {
    return PromptTemplate.from(load(resource)).apply(values).text();
  }
}
