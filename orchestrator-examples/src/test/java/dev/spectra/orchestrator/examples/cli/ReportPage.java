package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Checks on a written report.html against its results.json: parsed as XML, so it must be well-formed. */
public final class ReportPage {
  private static final List<String> FORBIDDEN_ELEMENTS = List.of("script", "link", "img", "iframe", "object", "embed", "image", "use");
  private static final List<String> REFERENCE_ATTRIBUTES = List.of("src", "href", "xlink:href", "srcset", "action", "poster", "data");

  final Document document;
  final JsonNode results;

  private ReportPage(Document document, JsonNode results) {
    this.document = document;
    this.results = results;
  }

  /** Parses {@code dir/report.html} with the JDK's XML parser and reads {@code dir/results.json}. */
  public static ReportPage read(Path dir) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setExpandEntityReferences(false);
    Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(Files.readString(dir.resolve("report.html")))));
    return new ReportPage(doc, new ObjectMapper().readTree(Files.readString(dir.resolve("results.json"))));
  }

  /**
   * Fails when the page refers to anything outside itself: it fetches nothing, and its only links are to pages ({@code a
   * href}) inside the comparison's folder (each run's report.json).
   */
  public void assertSelfContained() {
    List<String> problems = new ArrayList<>();
    walk(document.getDocumentElement(), problems);
    assertThat(problems).as("external references in report.html").isEmpty();
  }

  private static void walk(Element e, List<String> problems) {
    String name = e.getTagName().toLowerCase(Locale.ROOT);
    if (FORBIDDEN_ELEMENTS.contains(name)) {
      problems.add("<" + name + "> element");
    }
    NamedNodeMap attributes = e.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Node a = attributes.item(i);
      String an = a.getNodeName().toLowerCase(Locale.ROOT);
      String value = a.getNodeValue().toLowerCase(Locale.ROOT);
      boolean localLink = name.equals("a") && an.equals("href") && !value.contains(":") && !value.startsWith("/")
          && !value.startsWith("..");
      if (REFERENCE_ATTRIBUTES.contains(an) && !value.startsWith("#") && !localLink) {
        problems.add(name + "@" + an + "=" + value);
      }
      if (value.contains("url(") || value.contains("http:") || value.contains("https:") || value.contains("//")) {
        problems.add(name + "@" + an + " refers out: " + value);
      }
    }
    if (name.equals("style")) {
      String css = e.getTextContent().toLowerCase(Locale.ROOT);
      if (css.contains("url(") || css.contains("@import") || css.contains("http")) {
        problems.add("style sheet refers out");
      }
    }
    NodeList children = e.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element child) {
        walk(child, problems);
      }
    }
  }

  /** Every chart bar: the SVG rects that carry data-metric. */
  public List<Element> bars() {
    List<Element> out = new ArrayList<>();
    NodeList rects = document.getElementsByTagName("rect");
    for (int i = 0; i < rects.getLength(); i++) {
      Element r = (Element) rects.item(i);
      if (r.hasAttribute("data-metric")) {
        out.add(r);
      }
    }
    return out;
  }

  /** The value at {@code path} (dot-separated) in the results.json entry of {@code model}. */
  public JsonNode resultValue(String model, String path) {
    for (JsonNode r : results.get("results")) {
      if (r.get("model").asText().equals(model)) {
        JsonNode n = r;
        for (String part : path.split("\\.")) {
          n = n.path(part);
        }
        return n;
      }
    }
    throw new AssertionError("results.json has no model " + model);
  }

  /** Asserts that every bar's data-value equals the number in results.json (n/a for a JSON null). */
  public int assertBarsEqualResults() {
    List<Element> bars = bars();
    for (Element bar : bars) {
      String model = bar.getAttribute("data-model");
      String metric = bar.getAttribute("data-metric");
      JsonNode expected = resultValue(model, metric);
      String shown = bar.getAttribute("data-value");
      if (expected.isNull()) {
        assertThat(shown).as(model + " " + metric).isEqualTo("n/a");
        assertThat(bar.getAttribute("width")).as(model + " " + metric + " width").isEqualTo("0");
      } else {
        assertThat(expected.isNumber()).as(model + " " + metric + " in results.json is a number: " + expected).isTrue();
        assertThat(Double.parseDouble(shown)).as(model + " " + metric).isEqualTo(expected.asDouble());
      }
    }
    return bars.size();
  }

  /** The text of the whole page. */
  public String text() {
    return document.getDocumentElement().getTextContent();
  }

  static String read(Path dir, String name) throws IOException {
    return Files.readString(dir.resolve(name));
  }
}
