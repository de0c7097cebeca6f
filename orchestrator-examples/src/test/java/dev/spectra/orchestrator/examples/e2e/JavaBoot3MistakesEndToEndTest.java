package dev.spectra.orchestrator.examples.e2e;

import static dev.spectra.orchestrator.examples.e2e.EndToEnd.fix;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.resource;
import static dev.spectra.orchestrator.examples.e2e.JavaEndToEndTest.fenced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.stack.java.HelloProject;
import dev.spectra.orchestrator.test.Reply;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: "models trained on Boot 3 get these wrong ... the fix loop must recover from them". The scripted model
 * writes two Boot 3 habits that do not compile on Spring Boot 4.0.7: a controller on Jackson 2
 * ({@code com.fasterxml.jackson.databind.ObjectMapper}; Boot 4 ships Jackson 3 in {@code tools.jackson.databind}) and a
 * test on the Boot 3 location of the MockMvc test slice
 * ({@code org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc}). The real offline Maven build
 * in the sandbox rejects the controller first (main code compiles before tests), then, once that is fixed, the test:
 * two fix rounds, the default limit, each given the compiler's message and the stack's Boot 4 notes. The run stops
 * after Test: three Maven builds, no deployment.
 */
class JavaBoot3MistakesEndToEndTest {
  @TempDir Path dir;

  @Test
  void aJackson2ControllerAndABoot3TestSliceFailToCompileAndTwoFixRoundsBringThemToBoot4() throws Exception {
    String jackson2 = resource("java/HelloController_jackson2.java");
    String jackson3 = resource("java/HelloController_jackson3.java");
    String boot3Test = resource("java/HelloControllerTest_boot3_slice.java");
    String boot4Test = HelloProject.code().get(HelloProject.TEST);
    ScriptedChatModel model = JavaEndToEndTest.model(Map.of(HelloProject.CONTROLLER, jackson2, HelloProject.TEST, boot3Test));
    model.on(fix(HelloProject.CONTROLLER)).replies(
        Reply.text("REASON: Boot 4 ships Jackson 3, whose ObjectMapper is in tools.jackson.databind and throws unchecked.\n"
            + fenced(jackson3)),
        Reply.text("UNCHANGED")); // round 2: the test's planned dependency, not at fault
    model.on(fix(HelloProject.APPLICATION)).replies(Reply.text("UNCHANGED")); // round 2, likewise
    model.on(fix(HelloProject.TEST)).replies(
        Reply.text("REASON: Boot 4 moved AutoConfigureMockMvc to org.springframework.boot.webmvc.test.autoconfigure.\n"
            + fenced(boot4Test)));
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    Path root = dir.toRealPath();

    RunReport report = JavaEndToEndTest.orchestrator(model, root, events).stopAfter(Activity.TEST).build()
        .run(ServiceRequest.of(JavaEndToEndTest.REQUEST));

    assertThat(report.outcome()).as("%s", report.failure()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(report.activities()).extracting(RunReport.ActivityRecord::activity, RunReport.ActivityRecord::outcome)
        .containsExactly(tuple(Activity.PLAN, RunReport.Outcome.SUCCEEDED), tuple(Activity.BUILD, RunReport.Outcome.SUCCEEDED),
            tuple(Activity.TEST, RunReport.Outcome.SUCCEEDED));
    assertThat(report.deployment()).isNull();

    TestReport test = report.test();
    assertThat(test.status()).isEqualTo(TestReport.Status.PASSED);
    assertThat(test.tests()).hasSize(4).extracting(TestReport.TestCase::outcome).containsOnly(TestReport.Outcome.PASSED);
    String compileController = "compile " + HelloProject.CONTROLLER;
    String compileTest = "compile " + HelloProject.TEST;
    assertThat(test.fixRounds()).extracting(TestReport.FixRound::round, TestReport.FixRound::failures,
        TestReport.FixRound::changedFiles, TestReport.FixRound::changedTests, TestReport.FixRound::refused).containsExactly(
        tuple(1, List.of(compileController), List.of(HelloProject.CONTROLLER), List.of(), List.of()),
        tuple(2, List.of(compileTest), List.of(HelloProject.TEST), List.of(HelloProject.TEST), List.of()));

    // round 1: the compiler's error on the controller, as an ERROR case on that file, reached the fixer with the file
    List<String> controllerFixes = EndToEnd.userMessages(model, fix(HelloProject.CONTROLLER));
    assertThat(controllerFixes).hasSize(2);
    String c = HelloProject.CONTROLLER;
    assertThat(controllerFixes.get(0))
        .contains("Failures (fix round 1):\n- " + compileController + " ERROR: does not compile: " + c
            + ":[3,34] package com.fasterxml.jackson.core does not exist\n")
        .contains(c + ":[4,38] package com.fasterxml.jackson.databind does not exist\n")
        .contains(c + ":[19,17] cannot find symbol (symbol: class ObjectMapper, location: class com.example.hello.HelloController)\n")
        .contains(c + ":[34,93] cannot find symbol (symbol: class JsonProcessingException,")
        .contains("<file>\n" + jackson2);
    assertThat(controllerFixes.get(0).split(Pattern.quote(":[4,38]"), -1)).as("each compiler error once").hasSize(2);
    // round 2: the controller compiles now; the compiler rejects the test, which is the file at fault
    assertThat(controllerFixes.get(1)).contains("Failures (fix round 2):\n- " + compileTest + " ERROR").contains("<file>\n" + jackson3);
    assertThat(EndToEnd.userMessages(model, fix(HelloProject.TEST))).singleElement().asString()
        .contains("Failures (fix round 2):\n- " + compileTest + " ERROR: does not compile: " + HelloProject.TEST
            + ":[10,63] package org.springframework.boot.test.autoconfigure.web.servlet does not exist\n")
        .contains(HelloProject.TEST + ":[16,2] cannot find symbol (symbol: class AutoConfigureMockMvc)")
        .contains("<file>\n" + boot3Test);
    // every fix request carried the stack's Boot 4 notes on exactly these two mistakes
    assertThat(EndToEnd.systemMessages(model, fix(HelloProject.CONTROLLER)).get(0))
        .contains("Jackson is Jackson 3: ObjectMapper and JsonNode are in tools.jackson.databind");
    assertThat(EndToEnd.systemMessages(model, fix(HelloProject.TEST))).singleElement().asString()
        .contains("org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc (with @SpringBootTest), not"
            + " org.springframework.boot.test.autoconfigure.web.servlet");

    // the Boot 4 forms are what the workspace holds, and what Maven built and tested
    assertThat(Files.readString(root.resolve(HelloProject.CONTROLLER))).isEqualTo(jackson3);
    assertThat(Files.readString(root.resolve(HelloProject.TEST))).isEqualTo(boot4Test);
    assertThat(EndToEnd.events(events, RunEvent.Note.class)).filteredOn(n -> n.activity() == Activity.TEST)
        .extracting(RunEvent.Note::message)
        .anySatisfy(m -> assertThat(m).startsWith("fix round 1: 1 failure(s); changed [" + HelloProject.CONTROLLER + "]")
            .endsWith("now 0 passed, 1 failing, quality A"))
        .anySatisfy(m -> assertThat(m).startsWith("fix round 2: 1 failure(s); changed [" + HelloProject.TEST + "]")
            .endsWith("now 4 passed, 0 failing, quality A"));
    assertThat(model.callCount()).as("plan, five files, four fixes").isEqualTo(10);
    EndToEnd.assertNoProcessLeft(root);
  }
}
