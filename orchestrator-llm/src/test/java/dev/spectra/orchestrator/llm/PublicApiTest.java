package dev.spectra.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** No public type of orchestrator-llm outside {@code llm.internal} shows an internal type in its public surface. */
class PublicApiTest {
  private static final String INTERNAL = "dev.spectra.orchestrator.llm.internal.";

  @Test
  void noPublicSignatureMentionsAnInternalType() throws Exception {
    Path classes = Path.of(SpectraLlm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> types = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes.resolve("dev/spectra/orchestrator/llm"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(f).toString().replace('/', '.').replace(".class", "");
        if (!name.startsWith(INTERNAL) && !name.endsWith("package-info")) {
          types.add(Class.forName(name, false, getClass().getClassLoader()));
        }
      }
    }
    assertThat(types).extracting(Class::getSimpleName).contains("SpectraAiServices", "SpectraLlm", "Code", "PlanService", "Fix");

    List<String> leaks = new ArrayList<>();
    for (Class<?> c : types) {
      if (!visible(c)) {
        continue;
      }
      check(c.getName() + " extends", c.getGenericSuperclass(), leaks);
      for (Type t : c.getGenericInterfaces()) {
        check(c.getName() + " implements", t, leaks);
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (visible(k.getModifiers())) {
          for (Type t : k.getGenericParameterTypes()) {
            check(k.toString(), t, leaks);
          }
        }
      }
      for (Method m : c.getDeclaredMethods()) {
        if (visible(m.getModifiers()) && !m.isSynthetic()) {
          check(m.toString(), m.getGenericReturnType(), leaks);
          for (Type t : m.getGenericParameterTypes()) {
            check(m.toString(), t, leaks);
          }
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (visible(f.getModifiers())) {
          check(f.toString(), f.getGenericType(), leaks);
        }
      }
    }
    assertThat(leaks).as("public signatures that show llm.internal types").isEmpty();
  }

  private static boolean visible(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void check(String where, Type t, List<String> leaks) {
    if (t != null && t.getTypeName().contains(INTERNAL)) {
      leaks.add(where + ": " + t.getTypeName());
    }
  }
}
