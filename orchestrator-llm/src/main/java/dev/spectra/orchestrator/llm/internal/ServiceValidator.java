package dev.spectra.orchestrator.llm.internal;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a declarative AI-service interface when the services are built, not when first called (LangChain4j
 * reports a missing user message only during a call, and ignores an interface-level {@code @SystemMessage}).
 * Every method must have a method-level {@code @SystemMessage} and {@code @UserMessage} whose templates load and
 * whose every {@code {{variable}}} is bound by exactly one {@code @V} parameter (user text enters only as a value);
 * return {@code Result<String>} (the ladder parses, not LangChain4j); and take one {@code ChatRequestParameters}
 * (the schema and limits of the call).
 */
public final class ServiceValidator {
  private static final Set<String> FORBIDDEN = Set.of("it", "current_date", "current_time", "current_date_time");

  private ServiceValidator() {}

  /**
   * @throws IllegalStateException listing every problem, each naming the interface and method
   */
  public static void validate(Class<?> service) {
    List<String> problems = new ArrayList<>();
    String name = service.getSimpleName();
    if (!service.isInterface()) {
      throw new IllegalStateException(name + " must be an interface to be an AI service");
    }
    if (service.isAnnotationPresent(SystemMessage.class)) {
      problems.add(name + ": @SystemMessage on the interface is ignored by LangChain4j; put it on each method");
    }
    int methods = 0;
    for (Method m : service.getDeclaredMethods()) {
      if (m.isDefault() || Modifier.isStatic(m.getModifiers()) || m.isSynthetic()) {
        continue;
      }
      methods++;
      check(name + "." + m.getName(), m, problems);
    }
    if (methods == 0) {
      problems.add(name + ": declares no service method");
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("invalid AI service " + service.getName() + ":\n- " + String.join("\n- ", problems));
    }
  }

  private static void check(String where, Method m, List<String> problems) {
    SystemMessage system = m.getAnnotation(SystemMessage.class);
    UserMessage user = m.getAnnotation(UserMessage.class);
    Set<String> used = new LinkedHashSet<>();
    if (system == null) {
      problems.add(where + ": needs a method-level @SystemMessage");
    } else {
      used.addAll(template(where, "@SystemMessage", system.fromResource(), system.value(), system.delimiter(), problems));
    }
    if (user == null) {
      problems.add(where + ": needs a method-level @UserMessage (user text must enter as a @V value)");
    } else {
      used.addAll(template(where, "@UserMessage", user.fromResource(), user.value(), user.delimiter(), problems));
    }
    Type returns = m.getGenericReturnType();
    if (!(returns instanceof ParameterizedType p && p.getRawType() == Result.class
        && p.getActualTypeArguments()[0] == String.class)) {
      problems.add(where + ": must return Result<String> (replies are parsed by the repair ladder), but returns " + returns.getTypeName());
    }
    Set<String> bound = new LinkedHashSet<>();
    int parameters = 0;
    for (Parameter p : m.getParameters()) {
      if (p.getType() == ChatRequestParameters.class) {
        parameters++;
        continue;
      }
      if (p.isAnnotationPresent(UserMessage.class) || p.isAnnotationPresent(MemoryId.class)) {
        problems.add(where + ": parameter " + p.getName() + " must not be @UserMessage or @MemoryId; bind it with @V");
        continue;
      }
      V v = p.getAnnotation(V.class);
      if (v == null) {
        problems.add(where + ": parameter " + p.getName() + " needs @V (an unannotated argument would become the template)");
      } else if (!bound.add(v.value())) {
        problems.add(where + ": @V(\"" + v.value() + "\") is bound twice");
      }
    }
    if (parameters != 1) {
      problems.add(where + ": must take exactly one ChatRequestParameters parameter, but takes " + parameters);
    }
    for (String u : used) {
      if (FORBIDDEN.contains(u)) {
        problems.add(where + ": template variable {{" + u + "}} is not allowed (implicit or time-dependent)");
      } else if (!bound.contains(u)) {
        problems.add(where + ": template variable {{" + u + "}} has no @V(\"" + u + "\") parameter");
      }
    }
    for (String b : bound) {
      if (!used.contains(b)) {
        problems.add(where + ": @V(\"" + b + "\") is used by neither template");
      }
    }
  }

  private static Set<String> template(String where, String kind, String resource, String[] value, String delimiter, List<String> problems) {
    String text;
    if (!resource.isEmpty()) {
      try {
        text = Prompts.load(resource);
      } catch (RuntimeException e) {
        problems.add(where + ": " + kind + " resource " + resource + " cannot be loaded (" + e.getMessage() + ")");
        return Set.of();
      }
    } else {
      text = String.join(delimiter, value);
    }
    if (text.isBlank()) {
      problems.add(where + ": " + kind + " is blank");
      return Set.of();
    }
    return Prompts.variables(text);
  }
}
