package dev.spectra.orchestrator.test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.spectra.orchestrator.internal.AtomicFiles;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Json;
import dev.spectra.orchestrator.test.internal.CassetteFile;
import dev.spectra.orchestrator.test.internal.JsonDiff;
import dev.spectra.orchestrator.test.internal.RequestJson;
import dev.spectra.orchestrator.test.internal.SecretScrubber;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a cassette written by {@link RecordingChatModel} (or by hand): each request is normalized and keyed exactly
 * as when it was recorded, and the recorded response is returned (or the recorded provider error thrown, as
 * LangChain4j's own exception type). Identical requests get their recorded replies in recorded order. Keys are
 * recomputed from the stored requests when the cassette is loaded, so a hand-edited request needs no key.
 *
 * <p>On a miss the call fails with an {@link UnexpectedRequestError} that shows the nearest recorded request and the
 * difference, for example the changed line of a system prompt. After an intended prompt change, re-key the cassette:
 * with {@link Builder#rekeying(boolean)} (or {@code -Dspectra.cassettes.rekey=true}) a miss takes the nearest unused
 * entry, keeps its reply, stores the new request, rewrites the file and logs what changed
 * ({@link #rekeyChanges()}).
 *
 * <p>{@link Matching} chooses how requests are compared: {@code STRICT} (default) by the whole request,
 * {@code LENIENT} ignoring system messages and model parameters, {@code SEQUENCE} not at all (entries in order).
 */
public final class ReplayChatModel implements ChatModel {
  /** System property that turns re-keying on for replays loaded from files. */
  public static final String REKEY_PROPERTY = "spectra.cassettes.rekey";

  private static final Logger LOG = LoggerFactory.getLogger(ReplayChatModel.class);

  /** How a request is matched to a recorded entry. */
  public enum Matching {
    /** The whole normalized request must be equal (its SHA-256 key). */
    STRICT,
    /** Equal apart from system messages and model parameters (model name, temperature, seed, limits, ...). */
    LENIENT,
    /** No comparison: the entries are served in recorded order. */
    SEQUENCE
  }

  private final String source;
  private final Path file;
  private final Matching matching;
  private final boolean rekeying;
  private final SecretScrubber scrubber;
  private final Set<Capability> capabilities;
  private final ObjectNode metadata;
  private final List<String> recordedCapabilities;
  private final List<CassetteFile.Entry> entries;
  private final List<String> matchKeys = new ArrayList<>();
  private final BitSet served = new BitSet();
  private final List<ChatRequest> requests = new ArrayList<>();
  private final List<String> rekeyChanges = new ArrayList<>();

  private ReplayChatModel(Builder b, String text) {
    this.source = b.file != null ? b.file.toString() : "classpath:" + b.resource;
    this.file = b.file;
    this.matching = b.matching;
    this.rekeying = b.rekeying != null ? b.rekeying : b.file != null && Boolean.getBoolean(REKEY_PROPERTY);
    this.scrubber = SecretScrubber.create(b.secrets, b.scrubEnvironment);
    CassetteFile.Contents contents = CassetteFile.parse(text, source);
    this.metadata = contents.metadata();
    this.recordedCapabilities = contents.capabilities();
    this.entries = new ArrayList<>(contents.entries());
    for (CassetteFile.Entry e : entries) {
      matchKeys.add(matchKey(e.request()));
    }
    if (b.capabilities != null) {
      this.capabilities = b.capabilities;
    } else {
      Set<Capability> caps = EnumSet.noneOf(Capability.class);
      for (String name : contents.capabilities()) {
        try {
          caps.add(Capability.valueOf(name));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("cassette " + source + ": capability \"" + name
              + "\" is not one of " + List.of(Capability.values()), e);
        }
      }
      this.capabilities = Set.copyOf(caps);
    }
  }

  /** Replays the cassette file {@code cassette} with strict matching. */
  public static ReplayChatModel of(Path cassette) {
    return builder(cassette).build();
  }

  /** Replays the class-path resource {@code resource} (e.g. {@code "cassettes/plan.json"}) with strict matching. */
  public static ReplayChatModel fromResource(String resource) {
    return builderForResource(resource).build();
  }

  /** A builder for a replay of the cassette file {@code cassette}. */
  public static Builder builder(Path cassette) {
    return new Builder(Checks.notNull(cassette, "cassette"), null);
  }

  /** A builder for a replay of the class-path resource {@code resource}. */
  public static Builder builderForResource(String resource) {
    Checks.notBlank(resource, "resource");
    return new Builder(null, resource.startsWith("/") ? resource.substring(1) : resource);
  }

  /** The cassette's free-form top-level {@code metadata} object (empty when it has none). */
  public Map<String, Object> metadata() {
    Map<String, Object> map = Json.MAPPER.convertValue(metadata, new TypeReference<Map<String, Object>>() {});
    return Collections.unmodifiableMap(map);
  }

  /** The number of recorded entries. */
  public synchronized int entryCount() {
    return entries.size();
  }

  /** The number of recorded entries not served yet. */
  public synchronized int unusedCount() {
    return entries.size() - served.cardinality();
  }

  /** Every request received so far, in order. */
  public synchronized List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  /** What re-keying changed so far: one description (entry, old and new key, difference) per re-keyed entry. */
  public synchronized List<String> rekeyChanges() {
    return List.copyOf(rekeyChanges);
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return capabilities;
  }

  @Override
  public synchronized ChatResponse doChat(ChatRequest request) {
    requests.add(request);
    ObjectNode normalized = RequestJson.normalize(request, scrubber);
    int index = -1;
    if (matching == Matching.SEQUENCE) {
      index = served.nextClearBit(0);
      if (index >= entries.size()) {
        throw new UnexpectedRequestError("ReplayChatModel: cassette " + source + " has " + entries.size()
            + " recorded replies and all were used (sequence matching); request #" + requests.size()
            + " has none.\nLast user message: " + quoted(request));
      }
    } else {
      String key = matchKey(normalized);
      for (int i = 0; i < entries.size(); i++) {
        if (!served.get(i) && matchKeys.get(i).equals(key)) {
          index = i;
          break;
        }
      }
      if (index < 0 && rekeying) {
        index = rekey(normalized);
      }
      if (index < 0) {
        throw new UnexpectedRequestError(missMessage(request, normalized, key));
      }
    }
    served.set(index);
    CassetteFile.Entry entry = entries.get(index);
    if (entry.error() != null) {
      throw CassetteFile.errorFromJson(entry.error());
    }
    return CassetteFile.responseFromJson(entry.response(), source + ": entries[" + index + "].response");
  }

  private String matchKey(ObjectNode request) {
    if (matching != Matching.LENIENT) {
      return RequestJson.key(request);
    }
    ObjectNode projected = request.objectNode();
    ArrayNode messages = projected.putArray("messages");
    for (JsonNode m : request.withArray("messages")) {
      if (!"system".equals(m.path("role").asText())) {
        messages.add(m);
      }
    }
    for (String field : List.of("responseFormat", "tools")) {
      if (request.has(field)) {
        projected.set(field, request.get(field));
      }
    }
    return RequestJson.key(projected);
  }

  private int nearest(ObjectNode normalized, boolean unusedOnly) {
    int best = -1;
    int bestDistance = Integer.MAX_VALUE;
    for (int i = 0; i < entries.size(); i++) {
      if (unusedOnly && served.get(i)) {
        continue;
      }
      int d = JsonDiff.distance(JsonDiff.diff(entries.get(i).request(), normalized));
      if (d < bestDistance || (d == bestDistance && best >= 0 && served.get(best) && !served.get(i))) {
        best = i;
        bestDistance = d;
      }
    }
    return best;
  }

  private int rekey(ObjectNode normalized) {
    int index = nearest(normalized, true);
    if (index < 0) {
      return -1;
    }
    CassetteFile.Entry old = entries.get(index);
    CassetteFile.Entry updated = new CassetteFile.Entry(normalized, old.response(), old.error());
    entries.set(index, updated);
    matchKeys.set(index, matchKey(normalized));
    String change = "entry #" + (index + 1) + " re-keyed (" + shortKey(old.key()) + " -> " + shortKey(updated.key())
        + "), the recorded reply is kept; what changed (- recorded, + now):\n"
        + JsonDiff.describe(JsonDiff.diff(old.request(), normalized), 10, "the recording", "this request");
    rekeyChanges.add(change);
    LOG.info("cassette {}: {}", source, change);
    try {
      AtomicFiles.write(file, CassetteFile.write(
          new CassetteFile.Contents(metadata, recordedCapabilities, entries)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite cassette " + source + ": " + e.getMessage(), e);
    }
    return index;
  }

  private String missMessage(ChatRequest request, ObjectNode normalized, String key) {
    StringBuilder sb = new StringBuilder("ReplayChatModel: no recorded reply in cassette ").append(source)
        .append(" for request #").append(requests.size()).append(" (key ").append(shortKey(key)).append(", ")
        .append(matching.name().toLowerCase(java.util.Locale.ROOT)).append(" matching).\n");
    sb.append("Last user message: ").append(quoted(request)).append('\n');
    int same = 0;
    for (String k : matchKeys) {
      if (k.equals(key)) {
        same++;
      }
    }
    if (same > 0) {
      sb.append("The cassette recorded this request ").append(same).append(same == 1 ? " time" : " times")
          .append(" and all its replies were already used: record the conversation again if the code now makes "
              + "more calls.\n");
      return sb.toString();
    }
    if (entries.isEmpty()) {
      return sb.append("The cassette has no entries.\n").toString();
    }
    int index = nearest(normalized, false);
    List<JsonDiff.Difference> differences = JsonDiff.diff(entries.get(index).request(), normalized);
    sb.append("Nearest recorded request: entry #").append(index + 1).append(" of ").append(entries.size())
        .append(" (key ").append(shortKey(entries.get(index).key())).append(served.get(index) ? ", already used" : "")
        .append("), ").append(differences.size()).append(differences.size() == 1 ? " difference" : " differences")
        .append(" (- recorded, + now):\n");
    sb.append(JsonDiff.describe(differences, 10, "the recording", "this request"));
    sb.append("If the change is intended, re-key the cassette to keep its replies: run with -D").append(REKEY_PROPERTY)
        .append("=true, or build the replay with rekeying(true).");
    return sb.toString();
  }

  /** The last user message for an error message: scrubbed like the cassette, so a secret in it is not printed. */
  private String quoted(ChatRequest request) {
    String user = RequestJson.lastUserText(request);
    return user == null ? "(none)" : "\"" + Checks.excerpt(scrubber.scrub(user), 300) + "\"";
  }

  private static String shortKey(String key) {
    return key.substring(0, 12);
  }

  /** Configuration of a {@link ReplayChatModel}. */
  public static final class Builder {
    private final Path file;
    private final String resource;
    private Matching matching = Matching.STRICT;
    private Boolean rekeying;
    private final List<String> secrets = new ArrayList<>();
    private boolean scrubEnvironment = true;
    private Set<Capability> capabilities;

    private Builder(Path file, String resource) {
      this.file = file;
      this.resource = resource;
    }

    /** How requests are matched (default {@link Matching#STRICT}). */
    public Builder matching(Matching matching) {
      this.matching = Checks.notNull(matching, "matching");
      return this;
    }

    /**
     * Whether a miss re-keys the nearest unused entry and rewrites the file (default: the system property
     * {@code spectra.cassettes.rekey}, read for replays of files).
     */
    public Builder rekeying(boolean rekeying) {
      this.rekeying = rekeying;
      return this;
    }

    /** The secrets registered on the recorder, so that scrubbed requests get the same keys. */
    public Builder secrets(String... secrets) {
      Checks.notNull(secrets, "secrets");
      for (String s : secrets) {
        this.secrets.add(SecretScrubber.checkSecret(s));
      }
      return this;
    }

    /** Whether values of secret-named environment variables are scrubbed (default true, as when recording). */
    public Builder scrubEnvironment(boolean scrub) {
      this.scrubEnvironment = scrub;
      return this;
    }

    /** Overrides the capabilities stored in the cassette. */
    public Builder supportedCapabilities(Capability... capabilities) {
      Checks.notNull(capabilities, "capabilities");
      Set<Capability> set = EnumSet.noneOf(Capability.class);
      set.addAll(List.of(capabilities));
      this.capabilities = Set.copyOf(set);
      return this;
    }

    /** Reads and checks the cassette. */
    public ReplayChatModel build() {
      if (Boolean.TRUE.equals(rekeying) && file == null) {
        throw new IllegalStateException("rekeying needs a cassette file, but this cassette is the class-path resource "
            + resource + "; build the replay from its source file, e.g. ReplayChatModel.builder(Path.of("
            + "\"src/test/resources/" + resource + "\"))");
      }
      if (Boolean.TRUE.equals(rekeying) && matching == Matching.SEQUENCE) {
        throw new IllegalStateException("rekeying needs STRICT or LENIENT matching: SEQUENCE matching never misses "
            + "a changed request");
      }
      return new ReplayChatModel(this, read());
    }

    private String read() {
      if (file != null) {
        try {
          return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
          throw new IllegalArgumentException("cassette " + file + " does not exist (looked at "
              + file.toAbsolutePath() + "); record it with RecordingChatModel first", e);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read cassette " + file + ": " + e.getMessage(), e);
        }
      }
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader == null) {
        loader = ReplayChatModel.class.getClassLoader();
      }
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalArgumentException("cassette resource " + resource + " is not on the class path "
              + "(put it under src/test/resources/" + resource + ")");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read cassette resource " + resource + ": " + e.getMessage(), e);
      }
    }
  }
}
