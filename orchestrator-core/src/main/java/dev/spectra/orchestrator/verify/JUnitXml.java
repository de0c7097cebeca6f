package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.TestReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads JUnit XML test reports (the format Maven Surefire and most test runners write). A report comes from
 * an untrusted process, so DTDs and external entities are refused. Stacks turn the raw cases into their own test ids.
 */
public final class JUnitXml {
  private JUnitXml() {}

  /**
   * One {@code <testcase>}, as written.
   *
   * @param classname the {@code classname} attribute, or empty
   * @param name the {@code name} attribute
   * @param file the {@code file} attribute (workspace-relative when the runner writes it), or empty
   * @param outcome how it ended
   * @param message the failure's message attribute (first line of the exception), or empty
   * @param details the failure text (the stack trace), or empty
   */
  public record Case(String classname, String name, String file, TestReport.Outcome outcome, String message, String details) {}

  /**
   * The test cases of one report file.
   *
   * @throws OrchestratorException when the file cannot be read or is not XML
   */
  public static List<Case> parse(Path xml) {
    Document doc;
    try {
      doc = builder().parse(xml.toFile());
    } catch (SAXException | IOException e) {
      throw new OrchestratorException("cannot read the JUnit report " + xml.getFileName() + ": " + e.getMessage(), e);
    }
    List<Case> out = new ArrayList<>();
    NodeList cases = doc.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      out.add(toCase((Element) cases.item(i)));
    }
    return out;
  }

  private static Case toCase(Element e) {
    TestReport.Outcome outcome = TestReport.Outcome.PASSED;
    String message = "";
    String details = "";
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!(n instanceof Element child)) {
        continue;
      }
      TestReport.Outcome o = switch (child.getTagName()) {
        case "failure" -> TestReport.Outcome.FAILED;
        case "error" -> TestReport.Outcome.ERROR;
        case "skipped" -> TestReport.Outcome.SKIPPED;
        default -> null;
      };
      if (o != null && outcome == TestReport.Outcome.PASSED) {
        outcome = o;
        message = child.getAttribute("message");
        details = child.getTextContent();
      }
    }
    return new Case(e.getAttribute("classname"), e.getAttribute("name"), e.getAttribute("file"), outcome,
        message == null ? "" : message, details == null ? "" : details);
  }

  private static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a required security feature", e);
    }
  }
}
