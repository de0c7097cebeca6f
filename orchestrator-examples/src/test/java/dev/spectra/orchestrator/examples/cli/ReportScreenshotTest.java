package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders report.html in headless Chromium where it is installed, and checks that the screenshot shows the page. */
class ReportScreenshotTest {
  @TempDir
  Path dir;

  @Test
  void chromiumRendersTheReportToANonBlankScreenshotWithTheBarColours() throws Exception {
    Chromium.require();
    ReportHtmlTest.compare(dir.resolve("cmp"), "A hello service\nA todo API\n");
    Path png = dir.resolve("report.png");

    Chromium.run(dir, dir.resolve("chromium.out"), List.of("--screenshot=" + png, "--window-size=1200,3000",
        dir.resolve("cmp/report.html").toUri().toString()));

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1200);
    assertThat(image.getHeight()).isEqualTo(3000);
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
