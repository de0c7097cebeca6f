package dev.spectra.orchestrator.llm;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A model as a value: which provider serves it, its name there, and what it can do.
 *
 * <pre>{@code
 * ModelSpec plan = ModelSpec.parse("openai:gpt-4o");            // default capabilities of OpenAI
 * ModelSpec build = ModelSpec.parse("ollama:qwen2.5-coder:7b");   // Ollama names may hold a colon
 * }</pre>
 *
 * @param provider the provider id, lower case: {@value #OPENAI}, {@value #OLLAMA}, or any other id for a
 *     {@code ChatModel} supplied by the caller
 * @param name the model name as the provider knows it, e.g. {@code gpt-4o-mini}
 * @param capabilities what the model supports beyond plain chat
 */
public record ModelSpec(String provider, String name, Set<Capability> capabilities) {
  /** The OpenAI provider id. */
  public static final String OPENAI = "openai";
  /** The Ollama provider id. */
  public static final String OLLAMA = "ollama";

  private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9_-]{0,39}");

  /** What a model supports beyond plain chat. */
  public enum Capability {
    /** Accepts a JSON schema for its reply: OpenAI {@code response_format}, Ollama {@code format}. */
    JSON_SCHEMA,
    /** Enforces the schema strictly (OpenAI structured outputs with {@code strict: true}). */
    STRICT_JSON_SCHEMA
  }

  public ModelSpec {
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(name, "name == null");
    provider = provider.trim().toLowerCase(Locale.ROOT);
    if (!PROVIDER.matcher(provider).matches()) {
      throw new IllegalArgumentException(
          "provider must be a lower-case id such as openai or ollama, but was \"" + provider + "\"");
    }
    name = name.trim();
    if (name.isEmpty() || name.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new IllegalArgumentException("model name must be non-blank without spaces, but was \"" + name + "\"");
    }
    capabilities = capabilities == null || capabilities.isEmpty()
        ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
    if (capabilities.contains(Capability.STRICT_JSON_SCHEMA) && !capabilities.contains(Capability.JSON_SCHEMA)) {
      throw new IllegalArgumentException("capability STRICT_JSON_SCHEMA needs JSON_SCHEMA too, but capabilities were " + capabilities);
    }
  }

  /** A model with its provider's default capabilities (see {@link #defaultCapabilities(String)}). */
  public static ModelSpec of(String provider, String name) {
    return new ModelSpec(provider, name, defaultCapabilities(provider));
  }

  /**
   * Parses {@code provider:model}; everything after the first colon is the model name, so
   * {@code ollama:qwen2.5-coder:7b} names the model {@code qwen2.5-coder:7b}.
   *
   * @throws IllegalArgumentException naming the bad text when it has no provider or no model
   */
  public static ModelSpec parse(String providerModel) {
    Objects.requireNonNull(providerModel, "providerModel == null");
    String text = providerModel.trim();
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "model must be written provider:model (e.g. openai:gpt-4o-mini or ollama:mistral), but was \"" + providerModel + "\"");
    }
    return of(text.substring(0, colon), text.substring(colon + 1));
  }

  /**
   * The capabilities a provider's models have unless said otherwise: OpenAI models take a strict JSON schema,
   * Ollama models a (non-strict) format schema, other providers none.
   */
  public static Set<Capability> defaultCapabilities(String provider) {
    String p = Objects.requireNonNull(provider, "provider == null").trim().toLowerCase(Locale.ROOT);
    if (p.equals(OPENAI)) {
      return Set.of(Capability.JSON_SCHEMA, Capability.STRICT_JSON_SCHEMA);
    }
    if (p.equals(OLLAMA)) {
      return Set.of(Capability.JSON_SCHEMA);
    }
    return Set.of();
  }

  /** A copy with these capabilities. */
  public ModelSpec withCapabilities(Set<Capability> newCapabilities) {
    return new ModelSpec(provider, name, newCapabilities);
  }

  /** True when the model has this capability. */
  public boolean has(Capability capability) {
    return capabilities.contains(capability);
  }

  /** {@code provider:model}, the key of prices, budgets and the cost ledger. */
  public String key() {
    return provider + ":" + name;
  }

  @Override
  public String toString() {
    return key();
  }
}
