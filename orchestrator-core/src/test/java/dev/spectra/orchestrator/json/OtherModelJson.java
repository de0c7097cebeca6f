package dev.spectra.orchestrator.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Another build of this package (an older parser, compiled into a folder of classes), loaded beside this one so that
 * a benchmark measures both in one run. Classes of {@code dev.spectra.orchestrator.json} come from the folder; all
 * others (Jackson, core's internal helpers) from this build. See docs/benchmarks.md for how the folder is made.
 */
final class OtherModelJson {
  private static final String PACKAGE = "dev.spectra.orchestrator.json.";

  private final Method candidates;
  private final Method value;
  private final Method truncated;

  OtherModelJson(Path classes) {
    if (!Files.isRegularFile(classes.resolve("dev/spectra/orchestrator/json/ModelJson.class"))) {
      throw new IllegalArgumentException("no dev/spectra/orchestrator/json/ModelJson.class under " + classes
          + "; build the older parser's classes there first (docs/benchmarks.md)");
    }
    try {
      ClassLoader loader = new ChildFirst(classes.toUri().toURL(), OtherModelJson.class.getClassLoader());
      Class<?> modelJson = loader.loadClass(PACKAGE + "ModelJson");
      Class<?> candidate = loader.loadClass(PACKAGE + "ModelJson$Candidate");
      candidates = modelJson.getMethod("candidates", String.class);
      value = candidate.getMethod("value");
      truncated = candidate.getMethod("truncated");
    } catch (MalformedURLException | ReflectiveOperationException e) {
      throw new IllegalStateException("cannot load the older ModelJson from " + classes + ": " + e, e);
    }
  }

  /** The other build's candidates, as its own objects. */
  List<?> candidates(String reply) {
    try {
      return (List<?>) candidates.invoke(null, reply);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Its first candidate as a reading, flagged when truncated; null when it has none. */
  RepairCorpus.Reading reading(String reply) {
    List<?> found = candidates(reply);
    if (found.isEmpty()) {
      return null;
    }
    try {
      return new RepairCorpus.Reading((JsonNode) value.invoke(found.get(0)), (Boolean) truncated.invoke(found.get(0)));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Loads this package's classes from the folder first, everything else from the parent. */
  private static final class ChildFirst extends URLClassLoader {
    ChildFirst(URL folder, ClassLoader parent) {
      super(new URL[] {folder}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(PACKAGE)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = findClass(name);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }
}
