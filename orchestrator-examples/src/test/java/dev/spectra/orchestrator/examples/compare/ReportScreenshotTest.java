package dev.spectra.orchestrator.examples.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders report.html in headless Chromium where it is installed, and checks that the screenshot shows the page. */
class ReportScreenshotTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir
  Path dir;

  @Test
  void chromiumRendersTheReportToANonBlankScreenshotWithTheBarColours() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM),
        "SKIPPED: /usr/bin/chromium is not installed (apt-get install -y --no-install-recommends chromium)");
    ReportHtmlTest.compare(dir.resolve("cmp"), "A hello service\nA todo API\n");
    Path png = dir.resolve("report.png");

    Process p = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + dir.resolve("profile"), "--screenshot=" + png, "--window-size=1200,900",
        dir.resolve("cmp/report.html").toUri().toString()))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("chromium.log").toFile())
        .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 120 s; log: " + Files.readString(dir.resolve("chromium.log")));
    }
    assertThat(p.exitValue()).as("chromium exit code; log: %s", Files.readString(dir.resolve("chromium.log"))).isZero();

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1200);
    assertThat(image.getHeight()).isEqualTo(900);
    Set<Integer> colours = new HashSet<>();
    int firstModel = 0;
    int secondModel = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        firstModel += near(rgb, 0x4e79a7) ? 1 : 0;
        secondModel += near(rgb, 0xf28e2b) ? 1 : 0;
      }
    }
    assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(16);
    assertThat(firstModel).as("pixels in the first model's bar colour").isGreaterThan(500);
    assertThat(secondModel).as("pixels in the second model's bar colour").isGreaterThan(500);
  }

  private static boolean near(int rgb, int target) {
    int dr = ((rgb >> 16) & 0xFF) - ((target >> 16) & 0xFF);
    int dg = ((rgb >> 8) & 0xFF) - ((target >> 8) & 0xFF);
    int db = (rgb & 0xFF) - (target & 0xFF);
    return Math.abs(dr) <= 4 && Math.abs(dg) <= 4 && Math.abs(db) <= 4;
  }
}
