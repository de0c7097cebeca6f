package dev.spectra.orchestrator.llm;

import java.util.Objects;

/**
 * Source code a model wrote, as the return type of a {@link SpectraAiServices} method. Code comes back as text in
 * one fenced block, never inside JSON (JSON-escaped code is measurably worse); the block is unwrapped and whatever
 * the model wrote around it is discarded.
 *
 * <pre>{@code
 * interface Coder {
 *   @UserMessage("Write a Python function that {{task}}. Answer with the code in one fenced block.")
 *   Code write(@V("task") String task);
 * }
 * Code code = SpectraAiServices.create(Coder.class, model).write("adds two numbers");
 * code.language();  // "python", from the fence; "" when the block had no language tag
 * code.text();      // the code, ending with one line break
 * }</pre>
 *
 * @param language the language tag of the fence the code came in, lower case; empty when there was none
 * @param text the code, without the fence, ending with one line break
 */
public record Code(String language, String text) {
  public Code {
    Objects.requireNonNull(language, "language == null");
    Objects.requireNonNull(text, "text == null");
  }
}
