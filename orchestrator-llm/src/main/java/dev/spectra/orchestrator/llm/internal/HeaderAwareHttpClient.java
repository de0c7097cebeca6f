package dev.spectra.orchestrator.llm.internal;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.spectra.orchestrator.RetryAfterHint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A LangChain4j {@link HttpClient} on the JDK client that keeps what LangChain4j 1.18.1's own {@code JdkHttpClient}
 * drops: on a non-2xx answer it throws the usual {@link HttpException} (so LangChain4j's exception mapper still
 * turns 429 into {@code RateLimitException}, 401 into {@code AuthenticationException} and so on) and attaches a
 * {@link RetryAfterHint} parsed from {@code retry-after-ms} or {@code Retry-After} as a <em>suppressed</em>
 * exception. The mapper looks for the root cause, so the hint must not be a cause; the mapped exception keeps the
 * {@code HttpException} as its cause, and {@link RetryAfterHint#find(Throwable)} finds the hint there.
 *
 * <p>Streaming (server-sent events) and multipart requests are delegated to LangChain4j's {@code JdkHttpClient}.
 */
public final class HeaderAwareHttpClient implements HttpClient {
  private final java.net.http.HttpClient jdk;
  private final Duration readTimeout;
  private final Clock clock;
  private final JdkHttpClient streaming;
  private final UnaryOperator<String> requestBody;

  private HeaderAwareHttpClient(Builder b) {
    this.requestBody = b.requestBody;
    java.net.http.HttpClient.Builder jb = java.net.http.HttpClient.newBuilder();
    if (b.connectTimeout != null) {
      jb.connectTimeout(b.connectTimeout);
    }
    this.jdk = jb.build();
    this.readTimeout = b.readTimeout;
    this.clock = b.clock;
    this.streaming = JdkHttpClient.builder().connectTimeout(b.connectTimeout).readTimeout(b.readTimeout).build();
  }

  /** A builder whose clock dates {@code Retry-After} HTTP dates. */
  public static Builder builder(Clock clock) {
    return new Builder(clock);
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
      return streaming.execute(request);
    }
    java.net.http.HttpRequest.Builder rb = java.net.http.HttpRequest.newBuilder().uri(URI.create(request.url()));
    request.headers().forEach((name, values) -> {
      if (values != null) {
        values.forEach(v -> rb.header(name, v));
      }
    });
    rb.method(request.method().name(), request.body() == null
        ? java.net.http.HttpRequest.BodyPublishers.noBody()
        : java.net.http.HttpRequest.BodyPublishers.ofString(requestBody.apply(request.body()), StandardCharsets.UTF_8));
    if (readTimeout != null) {
      rb.timeout(readTimeout);
    }
    java.net.http.HttpResponse<byte[]> response = send(rb.build());
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      HttpException error = new HttpException(status, new String(response.body(), StandardCharsets.UTF_8));
      RetryAfter.parse(response.headers().map(), clock.instant())
          .ifPresent(d -> error.addSuppressed(new RetryAfterHint(d)));
      throw error;
    }
    return SuccessfulHttpResponse.builder()
        .statusCode(status)
        .headers(response.headers().map())
        .body(response.body())
        .build();
  }

  /**
   * Sends with one deadline on the whole response, headers and body: the JDK's request timeout stops at the headers,
   * so a provider that sends them and then stalls would hold the call forever.
   */
  private java.net.http.HttpResponse<byte[]> send(java.net.http.HttpRequest request) {
    java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<byte[]>> f = jdk.sendAsync(request, BodyHandlers.ofByteArray());
    try {
      return readTimeout == null ? f.get() : f.get(readTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      f.cancel(true);
      throw new TimeoutException(new HttpTimeoutException("no complete response within " + readTimeout.toMillis() + " ms"));
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new RuntimeException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException t) {
        throw new TimeoutException(t);
      }
      if (cause instanceof IOException io) {
        throw new RuntimeException(io);
      }
      throw cause instanceof RuntimeException r ? r : new RuntimeException(cause);
    }
  }

  @Override
  public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    streaming.execute(request, parser, listener);
  }

  /** Builds a {@link HeaderAwareHttpClient}; LangChain4j's model builders set the timeouts. */
  public static final class Builder implements HttpClientBuilder {
    private final Clock clock;
    private Duration connectTimeout;
    private Duration readTimeout;
    private UnaryOperator<String> requestBody = UnaryOperator.identity();

    private Builder(Clock clock) {
      this.clock = clock;
    }

    /** Changes each JSON request body before it is sent (e.g. {@link OllamaFormat#closeObjects}). */
    public Builder requestBody(UnaryOperator<String> rewrite) {
      this.requestBody = java.util.Objects.requireNonNull(rewrite, "rewrite == null");
      return this;
    }

    @Override
    public Duration connectTimeout() {
      return connectTimeout;
    }

    @Override
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    @Override
    public Duration readTimeout() {
      return readTimeout;
    }

    @Override
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    @Override
    public HeaderAwareHttpClient build() {
      return new HeaderAwareHttpClient(this);
    }
  }
}
