package dev.spectra.orchestrator.stack.java;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithJavadoc;
import com.github.javaparser.ast.nodeTypes.NodeWithModifiers;
import com.github.javaparser.javadoc.Javadoc;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The public surface of a Java file for the prompts of the files that depend on it, from JavaParser: package, imports,
 * each type's annotations, header and Javadoc summary, record components, enum constants, public and protected fields,
 * constructors and method signatures (with their Javadoc summaries and annotations); bodies and private members are
 * left out. A file that does not parse is given by its first lines.
 */
final class JavaSignatures {
  private JavaSignatures() {}

  /** A parser for Java 17 sources (records, text blocks, sealed types). */
  static JavaParser parser() {
    return new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
  }

  static Optional<CompilationUnit> parse(String content) {
    ParseResult<CompilationUnit> r = parser().parse(content);
    return r.isSuccessful() ? r.getResult() : Optional.empty();
  }

  static String extract(String content, int maxLines) {
    Optional<CompilationUnit> cu = parse(content);
    if (cu.isEmpty()) {
      List<String> lines = new ArrayList<>();
      lines.add("// does not parse; its first lines:");
      lines.addAll(List.of(content.replace("\r\n", "\n").split("\n")));
      return cut(lines, maxLines);
    }
    List<String> out = new ArrayList<>();
    cu.get().getPackageDeclaration().ifPresent(p -> out.add("package " + p.getNameAsString() + ";"));
    cu.get().getImports().forEach(i -> out.add(i.toString().strip()));
    for (TypeDeclaration<?> t : cu.get().getTypes()) {
      type(t, "", out);
    }
    return cut(out, maxLines);
  }

  private static void type(TypeDeclaration<?> t, String indent, List<String> out) {
    if (t.isPrivate()) {
      return;
    }
    summary(t, indent, out);
    annotations(t.getAnnotations(), indent, out);
    String header = modifiers(t) + keyword(t) + " " + t.getNameAsString();
    if (t instanceof RecordDeclaration r) {
      header += "(" + r.getParameters().stream().map(p -> p.getAnnotations().stream().map(a -> a + " ")
          .collect(Collectors.joining()) + p.getTypeAsString() + " " + p.getNameAsString()).collect(Collectors.joining(", ")) + ")";
      if (!r.getImplementedTypes().isEmpty()) {
        header += " implements " + r.getImplementedTypes().stream().map(Object::toString).collect(Collectors.joining(", "));
      }
    } else if (t.isClassOrInterfaceDeclaration()) {
      var c = t.asClassOrInterfaceDeclaration();
      if (!c.getTypeParameters().isEmpty()) {
        header += "<" + c.getTypeParameters().stream().map(Object::toString).collect(Collectors.joining(", ")) + ">";
      }
      if (!c.getExtendedTypes().isEmpty()) {
        header += " extends " + c.getExtendedTypes().stream().map(Object::toString).collect(Collectors.joining(", "));
      }
      if (!c.getImplementedTypes().isEmpty()) {
        header += " implements " + c.getImplementedTypes().stream().map(Object::toString).collect(Collectors.joining(", "));
      }
    }
    List<String> body = new ArrayList<>();
    members(t, indent + "  ", body);
    if (body.isEmpty()) {
      out.add(indent + header + " {}");
    } else {
      out.add(indent + header + " {");
      out.addAll(body);
      out.add(indent + "}");
    }
  }

  private static void members(TypeDeclaration<?> t, String inner, List<String> out) {
    if (t instanceof EnumDeclaration e) {
      out.add(inner + e.getEntries().stream().map(EnumConstantDeclaration::getNameAsString).collect(Collectors.joining(", ")) + ";");
    }
    boolean isInterface = t.isClassOrInterfaceDeclaration() && t.asClassOrInterfaceDeclaration().isInterface();
    for (BodyDeclaration<?> m : t.getMembers()) {
      if (m instanceof TypeDeclaration<?> nested) {
        type(nested, inner, out);
      } else if (m instanceof FieldDeclaration f && (f.isPublic() || f.isProtected() || isInterface)) {
        summary(f, inner, out);
        out.add(inner + modifiers(f) + f.getElementType() + " " + f.getVariables().stream()
            .map(v -> v.getNameAsString() + v.getType().toString().substring(f.getElementType().toString().length()))
            .collect(Collectors.joining(", ")) + ";");
      } else if (m instanceof CallableDeclaration<?> c && (c.isPublic() || c.isProtected() || isInterface
          || (c instanceof ConstructorDeclaration && !c.isPrivate()))) {
        summary((NodeWithJavadoc<?>) c, inner, out);
        annotations(c.getAnnotations(), inner, out);
        out.add(inner + signature(c) + ";");
      }
    }
  }

  private static String keyword(TypeDeclaration<?> t) {
    if (t.isRecordDeclaration()) {
      return "record";
    }
    if (t.isEnumDeclaration()) {
      return "enum";
    }
    if (t.isAnnotationDeclaration()) {
      return "@interface";
    }
    return t.asClassOrInterfaceDeclaration().isInterface() ? "interface" : "class";
  }

  private static String signature(CallableDeclaration<?> c) {
    StringBuilder b = new StringBuilder(modifiers(c));
    if (!c.getTypeParameters().isEmpty()) {
      b.append('<').append(c.getTypeParameters().stream().map(Object::toString).collect(Collectors.joining(", "))).append("> ");
    }
    if (c instanceof MethodDeclaration m) {
      b.append(m.getType()).append(' ');
    }
    b.append(c.getNameAsString()).append('(').append(c.getParameters().stream()
        .map(p -> p.getAnnotations().stream().map(a -> a + " ").collect(Collectors.joining()) + p.getType()
            + (p.isVarArgs() ? "..." : "") + " " + p.getNameAsString())
        .collect(Collectors.joining(", "))).append(')');
    if (!c.getThrownExceptions().isEmpty()) {
      b.append(" throws ").append(c.getThrownExceptions().stream().map(Object::toString).collect(Collectors.joining(", ")));
    }
    return b.toString();
  }

  private static String modifiers(NodeWithModifiers<?> n) {
    StringBuilder b = new StringBuilder();
    for (Modifier m : n.getModifiers()) {
      b.append(m.getKeyword().asString()).append(' ');
    }
    return b.toString();
  }

  private static void annotations(NodeList<AnnotationExpr> annotations, String indent, List<String> out) {
    for (AnnotationExpr a : annotations) {
      String text = a.toString().replaceAll("\\s+", " ");
      out.add(indent + (text.length() > 160 ? text.substring(0, 157) + "..." : text));
    }
  }

  /** The first sentence of a Javadoc comment as {@code /** ... *}{@code /}, when there is one. */
  private static void summary(NodeWithJavadoc<?> n, String indent, List<String> out) {
    Optional<Javadoc> doc = n.getJavadoc();
    if (doc.isEmpty()) {
      return;
    }
    String text = doc.get().getDescription().toText().replaceAll("\\s+", " ").strip();
    int dot = text.indexOf(". ");
    if (dot >= 0) {
      text = text.substring(0, dot + 1);
    }
    if (text.length() > 160) {
      text = text.substring(0, 157) + "...";
    }
    if (!text.isEmpty()) {
      out.add(indent + "/** " + text.replace("*/", "* /") + " */");
    }
  }

  /** At most {@code max} lines (the last then says how many were cut), blank ones at the end dropped. */
  static String cut(List<String> input, int max) {
    List<String> lines = new ArrayList<>(input);
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    if (lines.size() > max) {
      int cut = lines.size() - (max - 1);
      lines = new ArrayList<>(lines.subList(0, max - 1));
      lines.add("// ... " + cut + " more lines cut");
    }
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }
}
