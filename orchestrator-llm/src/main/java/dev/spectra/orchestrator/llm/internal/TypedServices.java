package dev.spectra.orchestrator.llm.internal;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.input.PromptTemplate;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import dev.spectra.orchestrator.cost.BudgetAccount;
import dev.spectra.orchestrator.cost.CostLedger;
import dev.spectra.orchestrator.cost.PriceTable;
import dev.spectra.orchestrator.internal.Json;
import dev.spectra.orchestrator.llm.Code;
import dev.spectra.orchestrator.llm.ModelSpec;
import dev.spectra.orchestrator.llm.services.Fix;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machinery of {@code SpectraAiServices}: checks an interface once, into one {@link Plan} per method, and
 * answers its calls through a {@link Proxy}: renders the templates with the arguments as values, sends the request
 * through the {@link ModelGateway} in a standalone {@link CallScope}, and climbs the {@link Replies} ladder for the
 * method's return type.
 */
public final class TypedServices {
  /** Variables LangChain4j's {@link PromptTemplate} fills by itself. */
  private static final Set<String> BUILT_IN = Set.of("current_date", "current_time", "current_date_time");
  private static final String HINT = "Raise maxAttempts(...) on the SpectraAiServices builder, use a stronger model,"
      + " or say more in the prompt about the reply expected";
  private static final Pattern REASON = Pattern.compile("(?im)^\\s*\\**REASON\\**\\s*:\\s*(.+?)\\s*$");
  private static final Pattern FENCE_LINE = Pattern.compile("(?m)^[ \\t]*(?:`{3,}|~{3,})[ \\t]*([A-Za-z0-9+#_.-]*)[^\\n]*$");

  private TypedServices() {}

  /**
   * What a service is built with.
   *
   * @param maxOutputTokens the output limit of every call, or {@code null} for the model's own
   * @param budget reserved in per call, or {@code null}
   * @param ledger records every call, or {@code null}
   * @param formatInstructions whether to describe the JSON schema in the user message when it cannot be sent natively
   * @param unusedVariables whether a parameter may be used by no template (a replaced activity prompt may leave
   *     some of the activity's variables out)
   */
  public record Settings(ModelSpec spec, ModelGateway gateway, int maxAttempts, Integer maxOutputTokens, CostLedger ledger,
      BudgetAccount budget, PriceTable prices, Function<String, CallScope.Events> events, boolean formatInstructions,
      boolean unusedVariables) {}

  private enum Shape { TEXT, CODE, FIX, TYPED }

  /** One method, checked: its templates, where each argument goes, and what it returns. */
  private record Plan(String name, String system, String user, int userParameter, int parametersParameter,
      String[] variables, boolean it, Shape shape, boolean result, Type type, ChatRequestParameters parameters,
      String instructions) {}

  /**
   * Checks {@code service} as {@link #create} does, without building it.
   *
   * @throws IllegalArgumentException listing every problem, each naming its method
   */
  public static void check(Class<?> service, Settings settings) {
    plans(service, settings);
  }

  /**
   * Checks {@code service} and returns its proxy.
   *
   * @throws IllegalArgumentException listing every problem, each naming its method
   */
  public static <T> T create(Class<T> service, Settings settings) {
    Map<String, Plan> plans = plans(service, settings);
    Replies replies = new Replies(settings.maxAttempts());
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          case "toString" -> "SpectraAiServices{" + service.getName() + " on " + settings.spec() + "}";
          default -> throw new UnsupportedOperationException(method.toString());
        };
      }
      if (method.isDefault()) {
        return invokeDefault(service, proxy, method, args);
      }
      return call(plans.get(signature(method)), args == null ? new Object[0] : args, settings, replies);
    };
    return service.cast(Proxy.newProxyInstance(service.getClassLoader(), new Class<?>[] {service}, handler));
  }

  /** A default method of the interface, also of a non-public one (which {@code InvocationHandler.invokeDefault} cannot reach from here). */
  private static Object invokeDefault(Class<?> service, Object proxy, Method method, Object[] args) throws Throwable {
    try {
      return InvocationHandler.invokeDefault(proxy, method, args);
    } catch (IllegalAccessException notPublic) {
      return MethodHandles.privateLookupIn(method.getDeclaringClass(), MethodHandles.lookup())
          .unreflectSpecial(method, method.getDeclaringClass()).bindTo(proxy)
          .invokeWithArguments(args == null ? new Object[0] : args);
    }
  }

  // ---- calls ----

  private static Object call(Plan plan, Object[] args, Settings settings, Replies replies) {
    Map<String, Object> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String variable = plan.variables()[i];
      if (variable == null) {
        continue;
      }
      if (args[i] == null) {
        throw new IllegalArgumentException(plan.name() + ": the value of {{" + variable + "}} is null; pass a value"
            + " (an empty string for none)");
      }
      values.put(variable, args[i]);
      if (plan.it()) {
        values.put("it", args[i]);
      }
    }
    List<ChatMessage> messages = new ArrayList<>(2);
    if (plan.system() != null) {
      messages.add(dev.langchain4j.data.message.SystemMessage.from(PromptTemplate.from(plan.system()).apply(values).text()));
    }
    String user;
    if (plan.userParameter() >= 0) {
      Object text = args[plan.userParameter()];
      if (text == null) {
        throw new IllegalArgumentException(plan.name() + ": the @UserMessage argument is null; pass the user's text");
      }
      user = text.toString();
    } else {
      user = PromptTemplate.from(plan.user()).apply(values).text();
    }
    if (plan.instructions() != null) {
      user = user + plan.instructions();
    }
    messages.add(dev.langchain4j.data.message.UserMessage.from(user));
    ChatRequestParameters parameters = plan.parameters();
    if (plan.parametersParameter() >= 0 && args[plan.parametersParameter()] != null) {
      parameters = parameters.overrideWith((ChatRequestParameters) args[plan.parametersParameter()]);
    }
    ChatRequest request = ChatRequest.builder().messages(messages).parameters(parameters).build();
    // A pipeline activity calls its service inside its own scope (run, activity, file, rules); anything else gets one.
    CallScope outer = CallScope.current();
    CallScope scope = outer != null ? outer : CallScope.standalone(settings.budget(), settings.ledger(), settings.prices(),
        settings.events().apply(plan.name()), HINT);
    String what = scope.label() != null ? scope.label() : plan.name();
    ModelGateway gateway = settings.gateway();
    Object value = switch (plan.shape()) {
      case TEXT -> {
        String text = Replies.text(scope, gateway, request);
        yield text == null ? "" : text;
      }
      case CODE -> {
        Replies.Code code = replies.code(scope, gateway, what, scope.language(), false, request);
        yield new Code(fenceLanguage(code.reply(), code.code()), code.code());
      }
      case FIX -> {
        Replies.Code code = replies.code(scope, gateway, what, scope.language(), true, request);
        Matcher m = REASON.matcher(beforeFence(code.reply()));
        String reason = m.find() ? m.group(1) : "";
        yield new Fix(reason, code.code() == null ? Optional.empty()
            : Optional.of(new Code(fenceLanguage(code.reply(), code.code()), code.code())));
      }
      case TYPED -> replies.typed(scope, gateway, what, plan.type(), request);
    };
    if (!plan.result()) {
      return value;
    }
    List<ChatResponse> responses = scope.responses();
    ChatResponse last = responses.get(responses.size() - 1);
    return Result.builder().content(value).tokenUsage(scope.tokenUsage()).finishReason(last.finishReason())
        .intermediateResponses(responses.subList(0, responses.size() - 1)).finalResponse(last).sources(List.of())
        .toolExecutions(List.of()).build();
  }

  private static String beforeFence(String reply) {
    int fence = reply.indexOf("```");
    return fence < 0 ? reply : reply.substring(0, fence);
  }

  /** The language tag of the fence whose body is {@code code} in {@code reply}; empty when none. */
  static String fenceLanguage(String reply, String code) {
    String first = code.strip().lines().findFirst().orElse("");
    int at = first.isEmpty() ? -1 : reply.indexOf(first);
    if (at < 0) {
      return "";
    }
    String language = "";
    Matcher m = FENCE_LINE.matcher(reply);
    while (m.find() && m.start() < at) {
      language = m.group(1);
    }
    return language.toLowerCase(Locale.ROOT);
  }

  // ---- checks ----

  /** A method's name and parameter types: an interface that redeclares an inherited method answers for both. */
  private static String signature(Method m) {
    return m.getName() + java.util.Arrays.toString(m.getParameterTypes());
  }

  private static Map<String, Plan> plans(Class<?> service, Settings settings) {
    if (!service.isInterface()) {
      throw new IllegalArgumentException(service.getName() + " must be an interface to be an AI service");
    }
    List<String> problems = new ArrayList<>();
    String type = service.getSimpleName();
    if (service.getTypeParameters().length > 0) {
      problems.add(type + ": type parameters are not supported; declare a concrete interface");
    }
    Map<String, Plan> plans = new LinkedHashMap<>();
    for (Method m : service.getMethods()) {
      if (m.isDefault() || Modifier.isStatic(m.getModifiers()) || m.isSynthetic() || m.getDeclaringClass() == Object.class) {
        continue;
      }
      Plan plan = plan(service, m, type + "." + m.getName(), settings, problems);
      if (plan != null) {
        plans.put(signature(m), plan);
      }
    }
    if (plans.isEmpty() && problems.isEmpty()) {
      problems.add(type + ": declares no service method");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid AI service " + service.getName() + ":\n- " + String.join("\n- ", problems));
    }
    return Map.copyOf(plans);
  }

  private static Plan plan(Class<?> service, Method m, String where, Settings settings, List<String> problems) {
    int before = problems.size();
    if (m.getTypeParameters().length > 0) {
      problems.add(where + ": type parameters are not supported");
    }
    // the return type
    Type returns = m.getGenericReturnType();
    boolean result = false;
    if (returns instanceof ParameterizedType p && p.getRawType() == Result.class) {
      result = true;
      returns = p.getActualTypeArguments()[0];
    }
    Shape shape = Shape.TYPED;
    String streaming = streaming(m.getReturnType());
    if (streaming != null) {
      problems.add(where + ": returns " + streaming + "; streaming is not supported in this version (return the value itself)");
    } else if (returns == void.class || returns == Void.class) {
      problems.add(where + ": returns nothing; a service method returns the reply (String for the raw text)");
    } else if (returns == String.class) {
      shape = Shape.TEXT;
    } else if (returns == Code.class) {
      shape = Shape.CODE;
    } else if (returns == Fix.class) {
      shape = Shape.FIX;
    } else {
      try {
        RecordShapes.requireSupported(returns, where + " returns " + returns.getTypeName() + ", but");
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage().startsWith(where) ? e.getMessage() : where + ": " + e.getMessage());
      }
    }
    // the parameters
    Parameter[] parameters = m.getParameters();
    String[] variables = new String[parameters.length];
    int userParameter = -1;
    int parametersParameter = -1;
    Map<String, String> bound = new LinkedHashMap<>();
    List<Integer> templated = new ArrayList<>();
    for (int i = 0; i < parameters.length; i++) {
      Parameter p = parameters[i];
      String shown = p.isNamePresent() ? p.getName() : "#" + (i + 1);
      if (p.isAnnotationPresent(MemoryId.class)) {
        problems.add(where + ": parameter " + shown + " is a @MemoryId; chat memory is not supported in this version"
            + " (each call is stateless)");
      } else if (p.getType() == ChatRequestParameters.class || ChatRequestParameters.class.isAssignableFrom(p.getType())) {
        if (parametersParameter >= 0) {
          problems.add(where + ": takes more than one ChatRequestParameters");
        }
        parametersParameter = i;
      } else if (p.isAnnotationPresent(UserMessage.class)) {
        if (userParameter >= 0) {
          problems.add(where + ": more than one parameter is a @UserMessage");
        }
        userParameter = i;
      } else {
        V v = p.getAnnotation(V.class);
        String name = v != null ? v.value() : p.isNamePresent() ? p.getName() : null;
        if (name == null || name.isBlank()) {
          problems.add(where + ": parameter " + shown + " needs @V(\"name\") (or compile with -parameters)");
          continue;
        }
        if (bound.containsKey(name)) {
          problems.add(where + ": template variable {{" + name + "}} is bound by two parameters");
        }
        bound.put(name, shown);
        variables[i] = name;
        templated.add(i);
      }
    }
    boolean it = templated.size() == 1;
    // the templates
    SystemMessage system = m.getAnnotation(SystemMessage.class);
    if (system == null) {
      system = service.getAnnotation(SystemMessage.class);
    }
    UserMessage user = m.getAnnotation(UserMessage.class);
    String systemText = system == null ? null
        : template(service, where, "@SystemMessage", system.fromResource(), system.value(), system.delimiter(), problems);
    String userText = null;
    if (user != null) {
      userText = template(service, where, "@UserMessage", user.fromResource(), user.value(), user.delimiter(), problems);
      if (userParameter >= 0) {
        problems.add(where + ": has both a @UserMessage template and a @UserMessage parameter; keep one");
      }
    } else if (userParameter < 0) {
      problems.add(where + ": needs a @UserMessage template on the method (with {{variables}} bound by @V parameters)"
          + " or one @UserMessage parameter");
    }
    Set<String> used = new LinkedHashSet<>();
    if (systemText != null) {
      used.addAll(Prompts.variables(systemText));
    }
    if (userText != null) {
      used.addAll(Prompts.variables(userText));
    }
    for (String u : used) {
      if (!bound.containsKey(u) && !BUILT_IN.contains(u) && !(u.equals("it") && it)) {
        problems.add(where + ": template variable {{" + u + "}} has no parameter"
            + (bound.isEmpty() ? "" : " (bound: " + String.join(", ", bound.keySet()) + ")")
            + "; add @V(\"" + u + "\") to one");
      }
    }
    for (Map.Entry<String, String> b : bound.entrySet()) {
      if (!settings.unusedVariables() && !used.contains(b.getKey()) && !(it && used.contains("it"))) {
        problems.add(where + ": parameter " + b.getValue() + " ({{" + b.getKey() + "}}) is used by no template");
      }
    }
    if (problems.size() > before) {
      return null;
    }
    var params = ChatRequestParameters.builder();
    if (settings.maxOutputTokens() != null) {
      params.maxOutputTokens(settings.maxOutputTokens());
    }
    String instructions = null;
    if (shape == Shape.TYPED) {
      boolean takesSchema = settings.spec().has(ModelSpec.Capability.JSON_SCHEMA);
      boolean strict = RecordShapes.strictExpressible(returns);
      if (takesSchema && strict) {
        params.responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(RecordShapes.schemaOf(returns)).build());
      } else {
        if (takesSchema) {
          params.responseFormat(ResponseFormat.JSON);
        }
        if (settings.formatInstructions()) {
          instructions = instructions(returns);
        }
      }
    }
    return new Plan(where, systemText, userText, userParameter, parametersParameter, variables, it, shape, result,
        returns, params.build(), instructions);
  }

  /** The schema of the reply described in the user message, for models that cannot take it natively. */
  private static String instructions(Type type) {
    var root = RecordShapes.schemaOf(type).rootElement();
    if (!RecordShapes.isObject(type)) {
      root = ((dev.langchain4j.model.chat.request.json.JsonObjectSchema) root).properties().get(RecordShapes.wrapper(type));
    }
    try {
      return "\n\nAnswer with JSON only, matching this JSON schema:\n" + Json.MAPPER.writeValueAsString(RecordShapes.toJson(root));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String streaming(Class<?> returns) {
    String name = returns.getName();
    if (name.equals("dev.langchain4j.service.TokenStream") || name.startsWith("reactor.core.publisher.")
        || name.equals("java.util.stream.Stream") || name.equals("java.util.concurrent.Flow$Publisher")) {
      return returns.getSimpleName();
    }
    return null;
  }

  private static String template(Class<?> service, String where, String kind, String resource, String[] value,
      String delimiter, List<String> problems) {
    String text;
    if (!resource.isEmpty()) {
      text = resource(service, resource);
      if (text == null) {
        problems.add(where + ": " + kind + " resource " + resource + " is not on the class path (resolved against "
            + service.getName() + ")");
        return null;
      }
    } else {
      text = String.join(delimiter, value);
    }
    if (text.isBlank()) {
      problems.add(where + ": " + kind + " is blank");
      return null;
    }
    return text;
  }

  private static String resource(Class<?> service, String name) {
    try (InputStream in = open(service, name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  private static InputStream open(Class<?> service, String name) {
    InputStream in = service.getResourceAsStream(name);
    if (in == null && service.getClassLoader() != null) {
      in = service.getClassLoader().getResourceAsStream(name.startsWith("/") ? name.substring(1) : name);
    }
    return in;
  }
}
