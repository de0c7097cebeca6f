package dev.spectra.orchestrator.cost;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prices keyed by {@code provider:model}. A dated model name falls back to the longest known prefix
 * ({@code openai:gpt-4o-mini-2024-07-18} costs what {@code openai:gpt-4o-mini} costs); {@code provider:*} prices
 * every model of a provider. A model with no price is unknown, never free.
 *
 * <p>Override file format (JSON, USD per one million tokens):
 * <pre>{"openai:gpt-4o-mini": {"input": 0.15, "cachedInput": 0.075, "output": 0.60}}</pre>
 */
public final class PriceTable {
  /** The date the built-in prices were taken from the providers' price pages. */
  public static final LocalDate BUILT_IN_PRICES_AS_OF = LocalDate.of(2026, 11, 1);

  private static final PriceTable DEFAULTS = builder()
      .put("openai:gpt-4o-mini", Price.of("0.15", "0.075", "0.60"))
      .put("openai:gpt-4o", Price.of("2.50", "1.25", "10.00"))
      .put("openai:gpt-4.1-mini", Price.of("0.40", "0.10", "1.60"))
      .put("openai:gpt-4.1", Price.of("2.00", "0.50", "8.00"))
      .put("openai:gpt-4.1-nano", Price.of("0.10", "0.025", "0.40"))
      .put("ollama:*", Price.FREE)
      .build();

  private final Map<String, Price> prices;

  private PriceTable(Map<String, Price> prices) {
    this.prices = Map.copyOf(prices);
  }

  /** The built-in prices (see {@link #BUILT_IN_PRICES_AS_OF}). */
  public static PriceTable defaults() {
    return DEFAULTS;
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this table's prices. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.prices.putAll(prices);
    return b;
  }

  /**
   * This table with the prices of a JSON file laid over it.
   *
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException naming the file and the bad key when the content is not a valid price file
   */
  public PriceTable withOverrides(Path file) {
    Checks.notNull(file, "file");
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read price file " + file + ": " + e, e);
    }
    JsonNode root;
    try {
      root = Json.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("price file " + file + " is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("price file " + file + " must hold a JSON object keyed by provider:model");
    }
    Builder b = toBuilder();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      String where = "price file " + file + ": \"" + e.getKey() + "\"";
      JsonNode p = e.getValue();
      for (String field : new String[] {"input", "output"}) {
        if (!p.path(field).isNumber()) {
          throw new IllegalArgumentException(where + " needs a number \"" + field + "\" (USD per 1M tokens), but "
              + (p.has(field) ? "was " + Checks.excerpt(p.get(field).toString(), 80) : "it is missing"));
        }
      }
      if (p.has("cachedInput") && !p.get("cachedInput").isNumber()) {
        throw new IllegalArgumentException(where + " has a \"cachedInput\" that is not a number (USD per 1M tokens), "
            + "but was " + Checks.excerpt(p.get("cachedInput").toString(), 80));
      }
      BigDecimal in = p.get("input").decimalValue();
      BigDecimal cached = p.has("cachedInput") ? p.get("cachedInput").decimalValue() : in;
      try {
        b.put(e.getKey(), new Price(in, cached, p.get("output").decimalValue()));
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException(where + ": " + bad.getMessage(), bad);
      }
    }
    return b.build();
  }

  /** The price of {@code provider:model}, by exact key, then longest known prefix, then {@code provider:*}. */
  public Optional<Price> lookup(String providerModel) {
    String key = normalize(providerModel);
    Price exact = prices.get(key);
    if (exact != null) {
      return Optional.of(exact);
    }
    String best = null;
    for (String known : prices.keySet()) {
      if (!known.endsWith(":*") && key.startsWith(known) && isBoundary(key.charAt(known.length()))
          && (best == null || known.length() > best.length())) {
        best = known;
      }
    }
    if (best != null) {
      return Optional.of(prices.get(best));
    }
    int colon = key.indexOf(':');
    return Optional.ofNullable(prices.get(key.substring(0, colon) + ":*"));
  }

  private static boolean isBoundary(char c) {
    return c == '-' || c == ':' || c == '@' || c == '.' || c == '_';
  }

  /** The cost of this usage on this model: unknown when the model has no price. */
  public Cost cost(String providerModel, Usage usage) {
    return lookup(providerModel).map(p -> Cost.usd(p.cost(usage))).orElse(Cost.UNKNOWN);
  }

  /** The keys of this table. */
  public java.util.Set<String> keys() {
    return prices.keySet();
  }

  static String normalize(String providerModel) {
    Checks.notBlank(providerModel, "providerModel");
    int colon = providerModel.indexOf(':');
    if (colon <= 0 || colon == providerModel.length() - 1) {
      throw new IllegalArgumentException(
          "model must be written provider:model (e.g. openai:gpt-4o-mini), but was \"" + providerModel + "\"");
    }
    return providerModel.substring(0, colon).toLowerCase(Locale.ROOT) + providerModel.substring(colon);
  }

  /** Builds a {@link PriceTable}. */
  public static final class Builder {
    private final Map<String, Price> prices = new LinkedHashMap<>();

    private Builder() {}

    /** Sets the price of {@code provider:model} (or {@code provider:*}). */
    public Builder put(String providerModel, Price price) {
      prices.put(normalize(providerModel), Checks.notNull(price, "price"));
      return this;
    }

    public PriceTable build() {
      return new PriceTable(prices);
    }
  }
}
