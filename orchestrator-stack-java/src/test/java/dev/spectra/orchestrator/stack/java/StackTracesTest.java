package dev.spectra.orchestrator.stack.java;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackTracesTest {
  @TempDir Path dir;
  Path root;
  final Predicate<String> isTest = p -> p.startsWith("src/test/");

  @BeforeEach
  void setUp() throws Exception {
    root = dir.toRealPath();
    for (String p : new String[] {HelloProject.CONTROLLER, HelloProject.GREETING, HelloProject.TEST}) {
      Files.createDirectories(root.resolve(p).getParent());
      Files.writeString(root.resolve(p), "x");
    }
  }

  static final String WRAPPED = "jakarta.servlet.ServletException: Request processing failed: java.lang.NullPointerException\n"
      + "\tat org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1022)\n"
      + "\tat com.example.hello.HelloControllerTest.greetsTheWorld(HelloControllerTest.java:26)\n"
      + "Caused by: java.lang.NullPointerException: Cannot invoke \"String.length()\"\n"
      + "\tat com.example.hello.Greeting.<init>(Greeting.java:4)\n"
      + "\tat com.example.hello.HelloController.hello(HelloController.java:20)\n"
      + "\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)\n";

  @Test
  void theDeepestCauseComesFirstAndCodeBeforeTests() {
    assertThat(StackTraces.faultFiles(WRAPPED, root, isTest))
        .containsExactly(HelloProject.GREETING, HelloProject.CONTROLLER, HelloProject.TEST);
    assertThat(StackTraces.errorInside(HelloProject.TEST, "Request processing failed", WRAPPED, root))
        .as("the error lies in the code under test").isFalse();
  }

  @Test
  void anExceptionThrownByTheTestItselfIsInsideItAndAFailedAssertionIsNot() {
    String npe = "java.lang.NullPointerException: Cannot invoke \"tools.jackson.databind.JsonNode.asText()\"\n"
        + "\tat com.example.hello.HelloControllerTest.greetsTheWorld(HelloControllerTest.java:30)\n";
    assertThat(StackTraces.errorInside(HelloProject.TEST, "Cannot invoke", npe, root)).isTrue();
    String assertion = "java.lang.AssertionError: JSON path \"$.message\" expected:<Hello, World!> but was:<Hello World!>\n"
        + "\tat org.springframework.test.util.JsonPathExpectationsHelper.assertValue(JsonPathExpectationsHelper.java:172)\n"
        + "\tat com.example.hello.HelloControllerTest.greetsTheWorld(HelloControllerTest.java:26)\n";
    assertThat(StackTraces.errorInside(HelloProject.TEST, "JSON path", assertion, root)).isFalse();
    String opentest = "org.opentest4j.AssertionFailedError: expected: <1> but was: <2>\n"
        + "\tat com.example.hello.HelloControllerTest.greetsTheWorld(HelloControllerTest.java:26)\n";
    assertThat(StackTraces.errorInside(HelloProject.TEST, "expected", opentest, root)).isFalse();
  }

  @Test
  void compilerErrorsNameTheirFilesRelativeToTheWorkspace() {
    String log = "[ERROR] COMPILATION ERROR :\n[ERROR] " + root + "/" + HelloProject.CONTROLLER
        + ":[20,16] cannot find symbol\n[ERROR] /elsewhere/Other.java:[1,1] outside\n";
    assertThat(StackTraces.compilerErrors(log, root)).containsOnlyKeys(HelloProject.CONTROLLER);
    assertThat(StackTraces.compilerErrors(log, root).get(HelloProject.CONTROLLER))
        .containsExactly(HelloProject.CONTROLLER + ":[20,16] cannot find symbol");
    assertThat(StackTraces.faultFiles(HelloProject.CONTROLLER + ":[20,16] cannot find symbol", root, isTest))
        .containsExactly(HelloProject.CONTROLLER);
    assertThat(StackTraces.errorInside(HelloProject.TEST, "does not compile",
        HelloProject.TEST + ":[3,1] ';' expected", root)).isTrue();
  }

  /** As Maven 3.8 logs javac's errors: once as they come, once more in the goal's failure. */
  @Test
  void eachCompilerErrorIsKeptOnceWithTheSymbolItCannotFind() {
    String error = "[ERROR] " + root + "/" + HelloProject.CONTROLLER;
    String block = error + ":[4,38] package com.fasterxml.jackson.databind does not exist\n"
        + error + ":[19,17] cannot find symbol\n"
        + "[ERROR]   symbol:   class ObjectMapper\n"
        + "[ERROR]   location: class com.example.hello.HelloController\n";
    String log = "[ERROR] COMPILATION ERROR : \n[INFO] -------------------------------------------------------------\n" + block
        + "[INFO] 2 errors \n[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.14.1:compile"
        + " (default-compile) on project hello-world: Compilation failure: Compilation failure: \n" + block
        + "[ERROR] -> [Help 1]\n";
    assertThat(StackTraces.compilerErrors(log, root)).containsOnlyKeys(HelloProject.CONTROLLER);
    assertThat(StackTraces.compilerErrors(log, root).get(HelloProject.CONTROLLER)).containsExactly(
        HelloProject.CONTROLLER + ":[4,38] package com.fasterxml.jackson.databind does not exist",
        HelloProject.CONTROLLER + ":[19,17] cannot find symbol (symbol: class ObjectMapper, location: class com.example.hello.HelloController)");
  }

  @Test
  void framesOutsideTheWorkspaceOrOfUnknownClassesAreDropped() {
    assertThat(StackTraces.faultFiles("\tat org.example.Unknown.run(Unknown.java:1)\n", root, isTest)).isEmpty();
    assertThat(StackTraces.sourceFile("com.example.hello.HelloController$Inner", root)).contains(HelloProject.CONTROLLER);
  }
}
