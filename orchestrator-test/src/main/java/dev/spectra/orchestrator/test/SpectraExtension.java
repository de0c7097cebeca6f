package dev.spectra.orchestrator.test;

import java.lang.reflect.AnnotatedElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link SpectraTest}: resolves {@link ScriptedChatModel} (one fresh instance per test,
 * shared by every parameter of that test), {@link ReplayChatModel} (from {@link Cassette}) and
 * {@link ChaosChatModel} (from {@link Chaos}) parameters.
 */
public final class SpectraExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SpectraExtension.class);
  private static final Path RESOURCES = Path.of("src", "test", "resources");

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ScriptedChatModel.class || type == ReplayChatModel.class || type == ChaosChatModel.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == ScriptedChatModel.class) {
      return scripted(context);
    }
    Optional<Cassette> cassette = cassette(parameter, context);
    if (type == ReplayChatModel.class) {
      if (cassette.isEmpty()) {
        throw new ParameterResolutionException("parameter " + parameter.getParameter().getName() + " of "
            + context.getDisplayName() + " is a ReplayChatModel, which needs @Cassette(\"path\") on the parameter, "
            + "the test method or the test class");
      }
      return replay(cassette.get(), context);
    }
    Chaos chaos = parameter.findAnnotation(Chaos.class).orElse(null);
    ChaosChatModel.Builder builder = ChaosChatModel.builder(
        parameter.isAnnotated(Cassette.class) ? replay(cassette.get(), context) : scripted(context));
    if (chaos != null) {
      builder.seed(chaos.seed()).profile(chaos.preset().profile())
          .retryAfter(Duration.ofMillis(chaos.retryAfterMillis()));
      rate(builder, ChaosMode.FENCE, chaos.fence());
      rate(builder, ChaosMode.PROSE, chaos.prose());
      rate(builder, ChaosMode.TRAILING_COMMA, chaos.trailingComma());
      rate(builder, ChaosMode.SINGLE_QUOTES, chaos.singleQuotes());
      rate(builder, ChaosMode.TRUNCATION, chaos.truncation());
      rate(builder, ChaosMode.MISSING_FIELD, chaos.missingField());
      rate(builder, ChaosMode.UNKNOWN_FIELD, chaos.unknownField());
      rate(builder, ChaosMode.EMPTY, chaos.empty());
      rate(builder, ChaosMode.RATE_LIMIT, chaos.rateLimit());
      rate(builder, ChaosMode.SERVER_ERROR, chaos.serverError());
      rate(builder, ChaosMode.TIMEOUT, chaos.timeout());
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterResolutionException("@Chaos on parameter " + parameter.getParameter().getName() + " of "
          + context.getDisplayName() + ": " + e.getMessage(), e);
    }
  }

  private static void rate(ChaosChatModel.Builder builder, ChaosMode mode, double rate) {
    if (rate >= 0) {
      builder.rate(mode, rate);
    }
  }

  private static ScriptedChatModel scripted(ExtensionContext context) {
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(ScriptedChatModel.class,
        k -> ScriptedChatModel.create(), ScriptedChatModel.class);
  }

  private static Optional<Cassette> cassette(ParameterContext parameter, ExtensionContext context) {
    Optional<Cassette> onParameter = parameter.findAnnotation(Cassette.class);
    if (onParameter.isPresent()) {
      return onParameter;
    }
    Optional<Cassette> onMethod = context.getTestMethod().flatMap(SpectraExtension::annotation);
    if (onMethod.isPresent()) {
      return onMethod;
    }
    return context.getTestClass().flatMap(SpectraExtension::annotation);
  }

  private static Optional<Cassette> annotation(AnnotatedElement element) {
    return Optional.ofNullable(element.getAnnotation(Cassette.class));
  }

  private static ReplayChatModel replay(Cassette cassette, ExtensionContext context) {
    String path = cassette.value();
    try {
      Path inResources = RESOURCES.resolve(path);
      if (Files.isRegularFile(inResources)) {
        return ReplayChatModel.builder(inResources).matching(cassette.matching()).build();
      }
      Path asFile = Path.of(path);
      if (Files.isRegularFile(asFile)) {
        return ReplayChatModel.builder(asFile).matching(cassette.matching()).build();
      }
      ClassLoader loader = context.getRequiredTestClass().getClassLoader();
      String resource = path.startsWith("/") ? path.substring(1) : path;
      if (loader.getResource(resource) != null) {
        return ReplayChatModel.builderForResource(resource).matching(cassette.matching()).build();
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ParameterResolutionException("@Cassette(\"" + path + "\"): " + e.getMessage(), e);
    }
    throw new ParameterResolutionException("@Cassette(\"" + path + "\") not found: looked for "
        + RESOURCES.resolve(path).toAbsolutePath() + ", " + Path.of(path).toAbsolutePath()
        + " and the class-path resource " + path);
  }
}
