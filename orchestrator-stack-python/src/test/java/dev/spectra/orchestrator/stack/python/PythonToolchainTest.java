package dev.spectra.orchestrator.stack.python;

import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonToolchainTest {
  @TempDir Path dir;

  @Test
  void discoveredInterpreterHasTheStackModulesAndReportsTheirVersions() {
    PythonToolchain python = PythonSupport.python();

    assertThat(python.executable()).isAbsolute();
    assertThat(python.versions()).containsKeys("python", "fastapi", "pydantic", "uvicorn", "httpx", "pytest");
    assertThat(List.copyOf(python.versions().keySet()).get(0)).isEqualTo("python");
    assertThat(python.pydanticMajor()).isEqualTo(Integer.parseInt(python.versions().get("pydantic").split("\\.")[0]));
    assertThat(python.description())
        .startsWith(python.executable() + " (" + python.source() + ": Python " + python.pythonVersion())
        .contains("fastapi " + python.versions().get("fastapi"))
        .contains("pytest " + python.versions().get("pytest"));
  }

  @Test
  void skipsCandidatesThatCannotImportTheModulesAndSaysWhy() throws Exception {
    PythonToolchain real = PythonSupport.python();
    Path missing = dir.resolve("nope/python3");
    Path notExecutable = Files.writeString(dir.resolve("plain"), "#!/bin/sh\n");
    Path broken = script("broken", "#!/bin/sh\necho oops >&2\nexit 3\n");
    Path bare = script("bare", "#!/bin/sh\nexec " + real.executable() + " -S \"$@\"\n"); // no site-packages

    PythonToolchain chosen = PythonToolchain.discover(List.of(
        new PythonToolchain.Candidate("SPECTRA_PYTHON", missing),
        new PythonToolchain.Candidate("a", notExecutable),
        new PythonToolchain.Candidate("b", broken),
        new PythonToolchain.Candidate("python3 on PATH", bare),
        new PythonToolchain.Candidate("system", real.executable())));

    assertThat(chosen.executable()).isEqualTo(real.executable());
    assertThat(chosen.source()).isEqualTo("system");
    assertThat(chosen.rejected()).hasSize(4);
    assertThat(chosen.rejected().get(0)).isEqualTo("SPECTRA_PYTHON (" + missing + "): not found");
    assertThat(chosen.rejected().get(1)).isEqualTo("a (" + notExecutable + "): not executable");
    assertThat(chosen.rejected().get(2)).startsWith("b (" + broken + "): ").contains("exit code 3").contains("oops");
    assertThat(chosen.rejected().get(3))
        .startsWith("python3 on PATH (" + bare + "): cannot import fastapi (ModuleNotFoundError: No module named 'fastapi')")
        .contains("pytest (ModuleNotFoundError");
  }

  @Test
  void noUsableCandidateIsATypedErrorWithTheInstallHint() throws Exception {
    Path broken = script("broken", "#!/bin/sh\nexit 1\n");

    assertThatThrownBy(() -> PythonToolchain.discover(List.of(new PythonToolchain.Candidate("x", dir.resolve("none")),
        new PythonToolchain.Candidate("y", broken))))
        .isInstanceOfSatisfying(ToolchainUnavailableException.class, e -> assertThat(e.tried()).hasSize(2))
        .hasMessageStartingWith("no Python interpreter that can import fastapi, uvicorn, httpx, pytest was found (tried: x (")
        .hasMessageEndingWith(PythonToolchain.INSTALL_HINT)
        .hasMessageContaining("apt-get install -y python3-fastapi python3-pytest python3-uvicorn python3-httpx");
    assertThatThrownBy(() -> PythonToolchain.discover(List.of()))
        .hasMessageContaining("(tried: nothing)");
  }

  @Test
  void noneSwitchesTheProbeOffSoNothingIsTried() {
    String before = System.getProperty(PythonToolchain.PROPERTY);
    System.setProperty(PythonToolchain.PROPERTY, PythonToolchain.NONE);
    try {
      assertThat(PythonToolchain.defaultCandidates()).isEmpty();
      assertThatThrownBy(PythonToolchain::discover).isInstanceOf(ToolchainUnavailableException.class)
          .hasMessageContaining("(tried: nothing)");
    } finally {
      if (before == null) {
        System.clearProperty(PythonToolchain.PROPERTY);
      } else {
        System.setProperty(PythonToolchain.PROPERTY, before);
      }
    }
  }

  @Test
  void explicitSettingComesFirstThenPathThenSystem() {
    String before = System.getProperty(PythonToolchain.PROPERTY);
    System.setProperty(PythonToolchain.PROPERTY, "/opt/custom/bin/python3");
    try {
      List<PythonToolchain.Candidate> candidates = PythonToolchain.defaultCandidates();
      assertThat(candidates.get(0)).isEqualTo(new PythonToolchain.Candidate("spectra.python", Path.of("/opt/custom/bin/python3")));
      assertThat(candidates.get(candidates.size() - 1)).isEqualTo(new PythonToolchain.Candidate("system", Path.of("/usr/bin/python3")));
      assertThat(candidates.subList(1, candidates.size() - 1)).allMatch(c -> c.source().equals("python3 on PATH"));
    } finally {
      if (before == null) {
        System.clearProperty(PythonToolchain.PROPERTY);
      } else {
        System.setProperty(PythonToolchain.PROPERTY, before);
      }
    }
  }

  @Test
  void candidateMustBeAbsolute() {
    assertThatThrownBy(() -> new PythonToolchain.Candidate("x", Path.of("python3")))
        .hasMessage("a Python candidate must be an absolute path, but was python3");
  }

  private Path script(String name, String text) throws Exception {
    Path p = Files.writeString(dir.resolve(name), text);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }
}
