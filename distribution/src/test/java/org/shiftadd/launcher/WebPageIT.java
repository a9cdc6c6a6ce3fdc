package org.shiftadd.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the web page of {@code bin/shiftadd serve} in headless Chromium through Selenium.
 * The server runs with a bearer token, so every test also enters the token in the page.
 *
 * <p>Chromium and its driver come from Debian's {@code chromium} and {@code chromium-driver}
 * packages; {@code -Dshiftadd.chromium} and {@code -Dshiftadd.chromedriver} name other
 * binaries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPageIT {
    private static final Path DISTRIBUTION = Path.of(System.getProperty(
            "shiftadd.distribution", "target/shiftadd/shiftadd"));
    private static final Path CHROMIUM = Path.of(System.getProperty("shiftadd.chromium",
            "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("shiftadd.chromedriver",
            "/usr/bin/chromedriver"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "web-page-test-token-0123";
    private static final String INVALID = "name: x\nmodel: { type: mlp, layers: [784, 10] }\n"
            + "train: { epochs: -1, speed: 3 }\n";
    /**
     * Selenium's CDP support, which these tests do not use, warns on every session that it
     * has no classes for this Chromium version. The field keeps the configured logger alive.
     */
    private static final Logger DEVTOOLS_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    @TempDir
    static Path work;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private Process server;
    private String url;
    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
        requireExecutable(CHROMIUM, "Chromium");
        requireExecutable(CHROMEDRIVER, "ChromeDriver");
        startServer();
        startBrowser();
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (driver != null) {
            driver.quit();
        }
        if (server != null && server.isAlive()) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /**
     * Fails when the page raised a script error. Chromium also logs every response with an
     * error status as an error, and the tests cause some (401 before the token, 400 for the
     * invalid spec), so those are left out.
     */
    @AfterEach
    void assertNoScriptErrors() {
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> !message.contains("Failed to load resource"))
                .toList();
        assertThat(errors).as("script errors in the browser console").isEmpty();
    }

    @Test
    void pageListsInstalledStages() throws Exception {
        openPage();

        JsonNode stages = api("/api/stages").get("stages");
        List<WebElement> rows = wait.until(driver -> {
            List<WebElement> found = driver.findElements(By.cssSelector(
                    "[data-testid=stage-row]"));
            return found.size() == stages.size() ? found : null;
        });
        for (int i = 0; i < stages.size(); i++) {
            JsonNode stage = stages.get(i);
            WebElement row = rows.get(i);
            assertThat(row.getDomAttribute("data-stage"))
                    .isEqualTo(stage.get("kind").asText() + "/" + stage.get("name").asText());
            assertThat(row.getText()).contains(stage.get("bundle").asText(),
                    stage.get("version").asText());
            assertThat(row.findElement(By.cssSelector("[data-column=serving]")).getText())
                    .isEqualTo(stage.get("serving").asBoolean() ? "yes" : "no");
        }
        assertThat(rows).extracting(row -> row.getDomAttribute("data-stage"))
                .contains("decomposer/csd", "decomposer/lcc-fp", "decomposer/lcc-fs");
    }

    @Test
    void malformedRunLinkIsIgnored() throws Exception {
        openPage("#run=%E0%A4%A");

        int stages = api("/api/stages").get("stages").size();
        wait.until(driver -> driver.findElements(By.cssSelector("[data-testid=stage-row]"))
                .size() == stages);
    }

    @Test
    void cancelledRunHasAnEmptyBar() throws Exception {
        String spec = "name: stopped\nmodel: { type: mlp, layers: [784, 300, 10] }\n"
                + "train: { epochs: 200 }\n";
        HttpResponse<String> submitted = client.send(HttpRequest.newBuilder(
                URI.create(url + "/api/runs")).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(spec))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String id = JSON.readTree(submitted.body()).get("id").asText();
        HttpResponse<String> cancelled = client.send(HttpRequest.newBuilder(
                URI.create(url + "/api/runs/" + id)).header("Authorization", "Bearer " + TOKEN)
                .DELETE().timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(cancelled.statusCode()).as(cancelled.body()).isIn(200, 202);
        openPage();

        // An indeterminate bar has position -1; an ended run's bar is determinate and empty.
        WebElement bar = wait.until(driver -> {
            List<WebElement> rows = driver.findElements(By.cssSelector(
                    "[data-testid=run-row][data-run-id='" + id + "']"));
            return !rows.isEmpty() && rows.get(0).getText().contains("cancelled")
                    ? rows.get(0).findElement(By.tagName("progress")) : null;
        });
        assertThat(bar.getDomProperty("position")).isEqualTo("0");
    }

    @Test
    void invalidSpecShowsItsProblems() throws Exception {
        openPage();
        int runsBefore = api("/api/runs").get("runs").size();
        WebElement input = driver.findElement(By.id("spec-input"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", input,
                INVALID);

        driver.findElement(By.id("spec-submit")).click();

        WebElement errors = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.id("spec-errors")));
        assertThat(errors.findElement(By.id("spec-error")).getText())
                .isEqualTo("invalid spec request.yaml: 2 problems");
        List<String> problems = errors.findElements(By.cssSelector("[data-testid=spec-problem]"))
                .stream().map(WebElement::getText).toList();
        assertThat(problems).hasSize(2);
        assertThat(problems).anyMatch(p -> p.startsWith("train.speed: unknown key"));
        assertThat(problems).contains("train.epochs: must be an integer in 1..100000, found -1");
        assertThat(api("/api/runs").get("runs")).hasSize(runsBefore);
    }

    @Test
    void submittedRunShowsProgressAndResult() throws Exception {
        openPage();
        String example = Files.readString(DISTRIBUTION.resolve("examples/mnist-mlp.yaml"));
        WebElement input = driver.findElement(By.id("spec-input"));
        wait.until(driver -> !input.getDomProperty("value").isEmpty());
        assertThat(input.getDomProperty("value")).isEqualTo(example);

        driver.findElement(By.id("spec-submit")).click();

        String id = wait.until(driver -> {
            String text = driver.findElement(By.id("detail-id")).getText();
            return text.isEmpty() ? null : text;
        });
        assertThat(driver.findElement(By.id("spec-status")).getText())
                .isEqualTo("submitted run " + id);
        List<Double> fractions = watchProgress(id);
        assertThat(fractions).as("progress bar values").isSorted();
        assertThat(fractions).as("progress bar values").anyMatch(f -> f > 0 && f < 1);
        assertThat(fractions.get(fractions.size() - 1)).isEqualTo(1.0);

        new WebDriverWait(driver, Duration.ofSeconds(60)).until(
                ExpectedConditions.visibilityOfElementLocated(By.id("layer-table")));
        JsonNode run = api("/api/runs/" + id);
        assertThat(run.get("status").asText()).isEqualTo("finished");
        assertThat(driver.findElement(By.id("detail-status")).getText()).isEqualTo("finished");
        assertThat(driver.findElement(By.id("run-log")).getText())
                .contains("[data] mnist: 8000 training and 2000 test samples", "epoch 15/15");
        JsonNode result = run.get("result");
        List<String> methods = fieldNames(result.at("/total/additions"));
        assertThat(methods).containsExactly("csd", "lcc-fp", "lcc-fs");
        assertLayerRows(result, methods);
        assertTotals(result, methods);
        assertPlot(result, methods);
    }

    /**
     * Reads the run's progress bar in the run list until it shows 1, and returns each value
     * that differed from the one before.
     */
    private List<Double> watchProgress(String id) throws InterruptedException {
        By bar = By.cssSelector("tr[data-run-id='" + id + "'] [data-testid=run-progress]");
        List<Double> fractions = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            String value;
            try {
                value = driver.findElement(bar).getDomAttribute("value");
            } catch (NoSuchElementException e) {
                value = null;
            }
            if (value != null) {
                double fraction = Double.parseDouble(value);
                if (fractions.isEmpty() || fractions.get(fractions.size() - 1) != fraction) {
                    fractions.add(fraction);
                }
                if (fraction == 1.0) {
                    return fractions;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the progress bar of run " + id + " did not reach 1 within"
                + " 240 s; values seen: " + fractions);
    }

    private void assertLayerRows(JsonNode result, List<String> methods) {
        List<WebElement> rows = driver.findElements(By.cssSelector("[data-testid=layer-row]"));
        JsonNode layers = result.get("layers");
        assertThat(rows).hasSize(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            JsonNode layer = layers.get(i);
            WebElement row = rows.get(i);
            assertThat(row.getDomAttribute("data-layer")).isEqualTo(layer.get("name").asText());
            assertThat(cell(row, "[data-column=rows]")).isEqualTo(count(layer.get("rows")));
            assertThat(cell(row, "[data-column=cols]")).isEqualTo(count(layer.get("cols")));
            for (String method : methods) {
                assertThat(cell(row, "[data-method='" + method + "']")).as(method)
                        .isEqualTo(count(layer.at("/additions/" + method)));
            }
        }
    }

    private void assertTotals(JsonNode result, List<String> methods) {
        WebElement additions = driver.findElement(By.cssSelector("[data-testid=total-additions]"));
        WebElement ratios = driver.findElement(By.cssSelector("[data-testid=total-ratio]"));
        WebElement accuracies = driver.findElement(By.cssSelector("[data-testid=total-accuracy]"));
        for (String method : methods) {
            String selector = "[data-method='" + method + "']";
            assertThat(cell(additions, selector)).as(method)
                    .isEqualTo(count(result.at("/total/additions/" + method)));
            assertThat(cell(ratios, selector)).as(method)
                    .isEqualTo(fixed(result.at("/total/ratioToCsd/" + method).asDouble()) + "x");
            assertThat(cell(accuracies, selector)).as(method).isEqualTo(
                    fixed(result.at("/total/accuracy/" + method).asDouble() * 100) + " %");
        }
        assertThat(cell(ratios, "[data-method=csd]")).isEqualTo("1.00x");
    }

    private void assertPlot(JsonNode result, List<String> methods) {
        List<WebElement> points = driver.findElements(By.cssSelector(
                "#plot-svg [data-testid=plot-point]"));
        assertThat(points).extracting(point -> point.getDomAttribute("data-method"))
                .containsExactlyElementsOf(methods);
        for (WebElement point : points) {
            String method = point.getDomAttribute("data-method");
            assertThat(Long.parseLong(point.getDomAttribute("data-additions"))).as(method)
                    .isEqualTo(result.at("/total/additions/" + method).asLong());
            assertThat(Double.parseDouble(point.getDomAttribute("data-accuracy"))).as(method)
                    .isEqualTo(result.at("/total/accuracy/" + method).asDouble());
        }
        Set<String> positions = points.stream().map(point -> point.getDomAttribute("cx") + ","
                + point.getDomAttribute("cy")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(positions).as("distinct additions give distinct points").hasSize(3);
        // This run has no comparison at equal accuracy, so nothing else is plotted.
        assertThat(result.get("comparison").isNull()).isTrue();
        assertThat(driver.findElements(By.cssSelector("[data-testid=plot-trial]"))).isEmpty();
    }

    /**
     * Loads the page with an empty session storage, waits for the token form, and enters the
     * token.
     */
    private void openPage() {
        openPage("");
    }

    /** Opens the page as {@link #openPage()} does, with a fragment such as {@code #run=ID}. */
    private void openPage(String fragment) {
        driver.get(url + "/" + fragment);
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear();");
        driver.navigate().refresh();
        WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.id("token-input")));
        token.sendKeys(TOKEN);
        driver.findElement(By.id("token-submit")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("auth")));
        wait.until(ExpectedConditions.textMatches(By.id("server-state"),
                Pattern.compile("^connected")));
    }

    private static String cell(WebElement row, String selector) {
        return row.findElement(By.cssSelector(selector)).getText();
    }

    /** Formats a count as the page does: {@code toLocaleString('en-US')}. */
    private static String count(JsonNode value) {
        assertThat(value.isIntegralNumber()).as(value.toString()).isTrue();
        return String.format(Locale.US, "%,d", value.asLong());
    }

    /**
     * Formats a number as JavaScript's {@code toFixed(2)} does: the exact binary value,
     * rounded half up.
     */
    private static String fixed(double value) {
        return new BigDecimal(value).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    private static void requireExecutable(Path binary, String name) {
        assertThat(Files.isExecutable(binary)).as("%s not found at %s. The web page test needs"
                + " Chromium and ChromeDriver: install them with 'apt-get install chromium"
                + " chromium-driver' (Debian), or name other binaries with -Dshiftadd.chromium"
                + " and -Dshiftadd.chromedriver", name, binary).isTrue();
    }

    private void startBrowser() throws IOException {
        // Selenium 4.52 runs Selenium Manager, which looks for a driver and browser to
        // download, only when no driver executable is given.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY,
                CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(work.resolve("chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1024",
                "--user-data-dir=" + Files.createDirectories(work.resolve("chromium")));
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    private void startServer() throws Exception {
        ServerProcess started = ServerProcess.start(DISTRIBUTION, work, "server",
                Map.of("SHIFTADD_TOKEN", TOKEN),
                List.of("--runs", work.resolve("runs").toString(), "--workers", "1"));
        server = started.process();
        url = started.url();
    }

    private JsonNode api(String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create(url + path)).header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
