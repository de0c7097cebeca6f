package dev.spectra.orchestrator.stack.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Signatures of realistic FastAPI modules (in {@code src/test/resources/dev/spectra/orchestrator/stack}): each
 * {@code NAME.py} must give exactly {@code NAME.signatures.txt}; the other tests pin the rules one by one.
 */
class PythonSignaturesTest {
  private final PythonFastApiStack profile = new PythonFastApiStack();

  @ParameterizedTest
  @ValueSource(strings = {"routers_items", "models", "main", "store"})
  void realisticModulesGiveTheirExpectedSurface(String module) {
    String source = resource(module + ".py");
    String signatures = profile.signatures("app/" + module + ".py", source);
    assertThat(signatures).isEqualTo(resource(module + ".signatures.txt"));
    assertThat(signatures.lines().count()).isLessThan(source.lines().count());
  }

  @Test
  void routerDecoratorsAndMultiLineSignaturesAreJoinedOnOneLine() {
    String signatures = profile.signatures("app/routers/items.py", resource("routers_items.py"));
    assertThat(signatures).contains("""
        @router.get("/{item_id}", response_model=Item, responses={404: {"description": "Item not found"}})
        async def get_item(item_id: int, store: ItemStore = Depends(get_store)) -> Item:
            \"""Return one item.\"""
        """);
    assertThat(signatures).contains("async def list_items(limit: int = DEFAULT_PAGE_SIZE, offset: int = 0, "
        + "store: ItemStore = Depends(get_store)) -> List[Item]:\n");
    // Bodies, nested functions, private names and code inside strings are left out.
    assertThat(signatures).doesNotContain("logger.info", "def inner", "_validate", "_CACHE", "def fake", "class Fake",
        "Raises 404", "HTTPException(status_code");
  }

  @Test
  void pydanticModelsKeepTheirFieldsValidatorsAndNestedConfig() {
    String signatures = profile.signatures("app/models.py", resource("models.py"));
    assertThat(signatures).contains("""
        class Item(ItemBase):
            \"""An item as stored, with its id.\"""
            id: int
            created_at: datetime
            class Config:
                \"""Pydantic settings.\"""
                orm_mode = True
                schema_extra = ...
        """);
    assertThat(signatures).contains("    @validator(\"name\")\n    def name_not_blank(cls, value: str) -> str:\n");
    assertThat(signatures).doesNotContain("_secret", "raise ValueError", "return f\"");
  }

  @Test
  void oneLineBodiesAndMainGuardsAreDropped() {
    String signatures = profile.signatures("app/main.py", resource("main.py"));
    assertThat(signatures).endsWith("async def value_error_handler(request, exc: ValueError) -> JSONResponse:\n");
    assertThat(signatures).doesNotContain("uvicorn.run", "import uvicorn", "basicConfig", "include_router");
  }

  @Test
  void backslashContinuationsCrlfAndTabsAreHandled() {
    String source = "import os\r\n"
        + "LIMIT: int = \\\r\n    5\r\n"
        + "class A:\r\n"
        + "\tname: str = 'x'\r\n"
        + "\tdef run(self,\r\n"
        + "\t        n: int) -> None:\r\n"
        + "\t\tpass\r\n"
        + "def after() -> None: ...\r\n";
    assertThat(profile.signatures("a.py", source)).isEqualTo("""
        import os
        LIMIT: int = ...
        class A:
            name: str = 'x'
            def run(self, n: int) -> None:
        def after() -> None:
        """);
  }

  @Test
  void comparisonsAugmentedAssignmentsAndTupleTargetsAreNotConstants() {
    String source = """
        import os
        DEBUG = os.getenv("DEBUG") == "1"
        count += 1
        a, b = 1, 2
        assert count == 1
        match = None
        items[0] = 3
        print(value=1)
        """;
    assertThat(profile.signatures("a.py", source)).isEqualTo("""
        import os
        DEBUG = os.getenv("DEBUG") == "1"
        match = None
        """);
  }

  @Test
  void aLargeModuleIsCutAtSixtyLinesWithAMarker() {
    StringBuilder source = new StringBuilder("\"\"\"Many handlers.\"\"\"\n");
    for (int i = 0; i < 100; i++) {
      source.append("def handler_").append(i).append("(x: int) -> int:\n    return x + ").append(i).append('\n');
    }
    String signatures = profile.signatures("app/many.py", source.toString());
    assertThat(signatures.lines()).hasSize(PythonFastApiStack.MAX_SIGNATURE_LINES);
    assertThat(signatures.lines().skip(58).toList())
        .containsExactly("def handler_57(x: int) -> int:", "# ... 42 more signature lines cut");
  }

  @Test
  void nonPythonFilesAreShownAsTheyAreWithinTheCap() {
    String requirements = "fastapi==0.92.0\nuvicorn==0.17.6\n\n\n";
    assertThat(profile.signatures("requirements.txt", requirements)).isEqualTo("fastapi==0.92.0\nuvicorn==0.17.6\n");
    assertThat(profile.signatures("README.md", "x\n".repeat(200)).lines().toList())
        .hasSize(60).endsWith("# ... 141 more lines cut");
    assertThat(profile.signatures("empty.py", "")).isEmpty();
  }

  @Test
  void unterminatedStringsDoNotSwallowTheRestOfTheFile() {
    String source = "def ok() -> None:\n    x = 'oops\n\ndef later() -> int:\n    return 1\n";
    assertThat(profile.signatures("broken.py", source)).isEqualTo("def ok() -> None:\ndef later() -> int:\n");
  }

  private static String resource(String name) {
    try (InputStream in = PythonSignaturesTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
