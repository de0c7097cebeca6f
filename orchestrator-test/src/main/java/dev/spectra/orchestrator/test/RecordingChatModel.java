package dev.spectra.orchestrator.test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.spectra.orchestrator.internal.AtomicFiles;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Json;
import dev.spectra.orchestrator.test.internal.CassetteFile;
import dev.spectra.orchestrator.test.internal.RequestJson;
import dev.spectra.orchestrator.test.internal.SecretScrubber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Wraps a real {@link ChatModel} and writes every call to a cassette file that {@link ReplayChatModel} serves later.
 * Each entry holds the normalized request (messages, response format, model name, temperature, seed, output limit,
 * tools, custom parameters) keyed by the SHA-256 of its canonical JSON, and the response (text, tool calls, finish
 * reason, model name, id, token usage) or the provider error. The file is rewritten after each call, so it is
 * complete even if the test dies; an existing file is replaced by the first call. Calls made in parallel are
 * recorded in the order they complete.
 *
 * <p>Secrets never reach the file: API-key shapes ({@code sk-…}), bearer tokens, secret-looking values of names like
 * key/token/secret/password/authorization, values of such environment variables and every string given to
 * {@link Builder#secrets} are replaced by {@code [REDACTED]} in messages, parameters and responses. Register the same
 * secrets on the {@link ReplayChatModel} so that the keys match.
 *
 * <p>The request is recorded as the caller built it: this model reports no default request parameters, so the
 * wrapped model's own defaults (model name, temperature) apply when it is called but are not part of the key, and a
 * replay without those defaults matches. Capabilities are the wrapped model's and are stored in the cassette.
 */
public final class RecordingChatModel implements ChatModel {
  private final ChatModel delegate;
  private final Path cassette;
  private final SecretScrubber scrubber;
  private final ObjectNode metadata;
  private final List<CassetteFile.Entry> entries = new ArrayList<>();

  private RecordingChatModel(Builder b) {
    this.delegate = b.delegate;
    this.cassette = b.cassette;
    this.scrubber = SecretScrubber.create(b.secrets, b.scrubEnvironment);
    this.metadata = (ObjectNode) scrubber.scrubTree(Json.MAPPER.valueToTree(b.metadata));
  }

  /** Records the calls to {@code delegate} into {@code cassette}. */
  public static RecordingChatModel of(ChatModel delegate, Path cassette) {
    return builder(delegate, cassette).build();
  }

  /** A builder for a recorder of {@code delegate} into {@code cassette}. */
  public static Builder builder(ChatModel delegate, Path cassette) {
    return new Builder(delegate, cassette);
  }

  /** The cassette file. */
  public Path cassette() {
    return cassette;
  }

  /** The number of calls recorded so far. */
  public synchronized int recordedCount() {
    return entries.size();
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return delegate.supportedCapabilities();
  }

  @Override
  public ModelProvider provider() {
    return delegate.provider();
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    ObjectNode normalized = RequestJson.normalize(request, scrubber);
    ChatResponse response;
    try {
      response = delegate.chat(request);
    } catch (RuntimeException e) {
      record(new CassetteFile.Entry(normalized, null, CassetteFile.errorToJson(e, scrubber)));
      throw e;
    }
    record(new CassetteFile.Entry(normalized, CassetteFile.responseToJson(response, scrubber), null));
    return response;
  }

  private synchronized void record(CassetteFile.Entry entry) {
    entries.add(entry);
    List<String> caps = new ArrayList<>();
    delegate.supportedCapabilities().forEach(c -> caps.add(c.name()));
    String text = CassetteFile.write(new CassetteFile.Contents(metadata, caps, entries));
    try {
      AtomicFiles.write(cassette, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write cassette " + cassette + ": " + e.getMessage(), e);
    }
  }

  /** Configuration of a {@link RecordingChatModel}. */
  public static final class Builder {
    private final ChatModel delegate;
    private final Path cassette;
    private final List<String> secrets = new ArrayList<>();
    private boolean scrubEnvironment = true;
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    private Builder(ChatModel delegate, Path cassette) {
      this.delegate = Checks.notNull(delegate, "delegate");
      this.cassette = Checks.notNull(cassette, "cassette");
    }

    /** Further strings (4 characters or more) to replace by {@code [REDACTED]} wherever they appear. */
    public Builder secrets(String... secrets) {
      Checks.notNull(secrets, "secrets");
      for (String s : secrets) {
        this.secrets.add(SecretScrubber.checkSecret(s));
      }
      return this;
    }

    /**
     * Whether values of environment variables named like key/token/secret/password are scrubbed too (default
     * true).
     */
    public Builder scrubEnvironment(boolean scrub) {
      this.scrubEnvironment = scrub;
      return this;
    }

    /** Adds a free-form top-level metadata value, which {@link ReplayChatModel#metadata()} returns. */
    public Builder metadata(String name, Object value) {
      Checks.notBlank(name, "name");
      metadata.put(name, Checks.notNull(value, "value"));
      return this;
    }

    public RecordingChatModel build() {
      return new RecordingChatModel(this);
    }
  }
}
