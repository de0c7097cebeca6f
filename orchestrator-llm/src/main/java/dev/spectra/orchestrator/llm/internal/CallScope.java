package dev.spectra.orchestrator.llm.internal;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.RunCancelledException;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.cost.BudgetAccount;
import dev.spectra.orchestrator.cost.CostLedger;
import dev.spectra.orchestrator.cost.PriceTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the {@link ModelGateway} and the {@link Replies} ladder need to know about the call they serve: where usage
 * goes (an optional budget and cost ledger), where repairs, retries and notes are reported, how to check for
 * cancellation, and how to label the call in the ledger and in failure messages. Set on the calling thread around
 * one typed call and its re-prompts (models are called on the caller's thread), and read by the gateway. It also
 * keeps the requests and responses so that the ladder can re-prompt with the full original conversation and a
 * typed service can report the usage of every call.
 *
 * <p>Two kinds: {@link #of(RunContext, Activity, String)} for a pipeline activity (events become
 * {@link RunEvent}s of the run; usage goes into the run's ledger and budget), and {@link #standalone} for a
 * {@code SpectraAiServices} service (no run, no workspace; ledger and budget optional).
 */
public final class CallScope {
  private static final ThreadLocal<CallScope> CURRENT = new ThreadLocal<>();
  private static final String PIPELINE_HINT =
      "Try a stronger model for this activity (SPECTRA_MODEL_<ACTIVITY>) or simplify the request";

  /** Where the ladder and the gateway report what happened during a call. */
  public interface Events {
    /** A reply was repaired ({@code LENIENT}, {@code CODE_UNWRAP}) or re-prompted ({@code REPROMPT}). */
    void repaired(RunEvent.Repaired.Kind kind, List<String> details);

    /** A model call failed transiently and is retried after {@code delay}. */
    void retrying(Instant at, String reason, int attempt, Duration delay);

    /** A warning worth showing (e.g. an Ollama context window that may be too small). */
    void note(String message);

    /** Reports nothing. */
    Events NONE = new Events() {
      @Override
      public void repaired(RunEvent.Repaired.Kind kind, List<String> details) {}

      @Override
      public void retrying(Instant at, String reason, int attempt, Duration delay) {}

      @Override
      public void note(String message) {}
    };
  }

  private final RunContext context;
  private final Activity activity;
  private final String file;
  private final BudgetAccount budget;
  private final CostLedger ledger;
  private final PriceTable prices;
  private final Events events;
  private final String hint;
  private final List<ChatResponse> responses = new ArrayList<>();
  private String label;
  private ReplyRules rules = ReplyRules.NONE;
  private String language = "";
  private ChatRequest lastRequest;
  private TokenUsage usage;

  private CallScope(RunContext context, Activity activity, String file, BudgetAccount budget, CostLedger ledger,
      PriceTable prices, Events events, String hint) {
    this.context = context;
    this.activity = activity;
    this.file = file == null ? "" : file;
    this.budget = budget;
    this.ledger = ledger;
    this.prices = Objects.requireNonNull(prices, "prices == null");
    this.events = Objects.requireNonNull(events, "events == null");
    this.hint = Objects.requireNonNull(hint, "hint == null");
  }

  /** A pipeline call: one activity (and file) of a run; usage into the run's ledger and budget, events to its listeners. */
  public static CallScope of(RunContext context, Activity activity, String file) {
    Objects.requireNonNull(context, "context == null");
    Objects.requireNonNull(activity, "activity == null");
    Events events = new Events() {
      @Override
      public void repaired(RunEvent.Repaired.Kind kind, List<String> details) {
        context.emit(new RunEvent.Repaired(context.runId(), context.clock().instant(), activity, file == null ? "" : file, kind,
            List.copyOf(details)));
      }

      @Override
      public void retrying(Instant at, String reason, int attempt, Duration delay) {
        context.emit(new RunEvent.Retrying(context.runId(), at, activity, reason, attempt, delay));
      }

      @Override
      public void note(String message) {
        context.note(activity, message);
      }
    };
    return new CallScope(context, activity, file, context.budget(), context.ledger(), context.budget().prices(), events,
        PIPELINE_HINT);
  }

  /**
   * A call outside any run (a typed service of the caller's own).
   *
   * @param budget reserved before and settled after each model call, or {@code null}
   * @param ledger records each model call (with no activity), or {@code null}
   * @param prices turn usage into cost for the ledger
   * @param events where repairs, re-prompts and retries are reported
   * @param hint what the caller can do when no reply was usable, ending the failure message
   */
  public static CallScope standalone(BudgetAccount budget, CostLedger ledger, PriceTable prices, Events events, String hint) {
    return new CallScope(null, null, "", budget, ledger, prices, events, hint);
  }

  /**
   * How the ladder treats the typed-service call made in this scope (a pipeline activity's call): the label of its
   * failure messages (e.g. {@code plan}, {@code file app/main.py}), the rules a typed reply must also pass, and the
   * expected language of a code reply.
   */
  public CallScope describe(String label, ReplyRules rules, String language) {
    this.label = Objects.requireNonNull(label, "label == null");
    this.rules = Objects.requireNonNull(rules, "rules == null");
    this.language = language == null ? "" : language;
    return this;
  }

  /** The label set by {@link #describe}, or {@code null}. */
  String label() {
    return label;
  }

  ReplyRules rules() {
    return rules;
  }

  String language() {
    return language;
  }

  /** The scope of the calling thread, or {@code null} outside any. */
  public static CallScope current() {
    return CURRENT.get();
  }

  /** Runs {@code body} with this scope on the calling thread. */
  public <T> T run(Supplier<T> body) {
    CallScope previous = CURRENT.get();
    CURRENT.set(this);
    try {
      return body.get();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /** The activity of a pipeline call, {@code null} for a standalone one. */
  public Activity activity() {
    return activity;
  }

  public String file() {
    return file;
  }

  /** The budget to reserve in, or {@code null}. */
  BudgetAccount budget() {
    return budget;
  }

  /** The ledger to record in, or {@code null}. */
  CostLedger ledger() {
    return ledger;
  }

  /** The prices of the ledger's costs. */
  PriceTable prices() {
    return prices;
  }

  Events events() {
    return events;
  }

  /** What the caller can do when no reply was usable. */
  String hint() {
    return hint;
  }

  /** Throws {@link RunCancelledException} once the run was cancelled (pipeline calls) or the thread interrupted. */
  void throwIfCancelled() {
    if (context != null) {
      context.throwIfCancelled();
    } else if (Thread.currentThread().isInterrupted()) {
      throw new RunCancelledException(runId());
    }
  }

  /** The run id, or {@code (no run)}. */
  String runId() {
    return context == null ? "(no run)" : context.runId();
  }

  /** The last request the gateway sent (after its own adjustments), or {@code null}. */
  public synchronized ChatRequest lastRequest() {
    return lastRequest;
  }

  /** The last response the gateway returned, or {@code null}. */
  public synchronized ChatResponse lastResponse() {
    return responses.isEmpty() ? null : responses.get(responses.size() - 1);
  }

  /** Every response the gateway returned in this scope, in order. */
  public synchronized List<ChatResponse> responses() {
    return List.copyOf(responses);
  }

  /** Model calls that returned a body in this scope. */
  public synchronized int calls() {
    return responses.size();
  }

  /** The summed token usage of every call that returned a body, as the provider reported it; {@code null} before any. */
  public synchronized TokenUsage tokenUsage() {
    return usage;
  }

  synchronized void sent(ChatRequest request) {
    this.lastRequest = request;
  }

  synchronized void received(ChatResponse response) {
    responses.add(response);
    TokenUsage tu = response.tokenUsage();
    if (tu != null) {
      usage = usage == null ? tu : usage.add(tu);
    }
  }
}
