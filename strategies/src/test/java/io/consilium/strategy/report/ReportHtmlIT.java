package io.consilium.strategy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.strategy.Backtests;
import io.consilium.strategy.TestFiles;
import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.config.StrategyConfigs;
import io.consilium.strategy.data.MarketDataSet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** report.html opens offline in headless Chromium with no console errors and its four charts drawn. */
class ReportHtmlIT {
    static final String CHROMIUM = "/usr/bin/chromium";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"eth-usdc-rebalance", "lp-range"})
    void opensWithChartsAndNoConsoleErrors(String name) throws Exception {
        Path file = TestFiles.examples().resolve(name + ".yaml");
        StrategyConfig cfg = StrategyConfigs.load(file);
        MarketDataSet data = MarketDataSet.load(cfg, null, null, null);
        Path dir = tmp.resolve(name);
        Backtests.write(Backtests.run(cfg, data), data, Files.readString(file), dir);
        Path html = dir.resolve("report.html");
        String text = Files.readString(html);
        assertFalse(text.contains("http://") || text.contains("https://cdn") || text.contains("<script src"),
                "self-contained: no external resources");

        Result dom = chromium(html, "--dump-dom", "--virtual-time-budget=5000");
        assertTrue(dom.stdout.contains("data-charts=\"4\""), "all four charts were built");
        assertConsoleClean(dom.stderr);

        Path png = tmp.resolve(name + ".png");
        Result shot = chromium(html, "--screenshot=" + png, "--window-size=1280,2600", "--virtual-time-budget=5000");
        assertConsoleClean(shot.stderr);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1280, img.getWidth());
        Set<Integer> colours = new HashSet<>();
        int blue = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                int r = rgb >> 16;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (b > 180 && r < 90 && g < 140) {
                    blue++;
                }
            }
        }
        assertTrue(colours.size() > 50, "the page is not blank: " + colours.size() + " colours");
        assertTrue(blue > 200, "the strategy's equity and price lines are drawn: " + blue + " blue pixels");
    }

    private static void assertConsoleClean(String stderr) {
        List<String> console = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            if (line.contains("CONSOLE") || line.contains("Uncaught")) {
                console.add(line);
            }
        }
        assertTrue(console.isEmpty(), "console messages: " + console);
    }

    record Result(String stdout, String stderr) {
    }

    private Result chromium(Path html, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "profile"), "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(extra));
        cmd.add(html.toUri().toString());
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s");
        }
        return new Result(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
