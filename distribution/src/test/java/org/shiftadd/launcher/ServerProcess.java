package org.shiftadd.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code bin/shiftadd serve} process that a test started, and the address it listens on.
 *
 * @param process the server process
 * @param url the base URL from the server's first output line, such as
 *     {@code http://127.0.0.1:41234}
 */
record ServerProcess(Process process, String url) {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+) ");

    /**
     * Starts the server on a free port and waits up to 120 s for the line that gives its
     * address.
     *
     * @param distribution the assembled distribution
     * @param work the test's directory: working directory, framework cache and logs
     * @param log the name of the file in {@code work} that receives the server's errors,
     *     without {@code .log}
     * @param environment extra environment variables, such as {@code SHIFTADD_TOKEN}
     * @param options options after {@code serve --port 0}
     * @return the running server
     */
    static ServerProcess start(Path distribution, Path work, String log,
            Map<String, String> environment, List<String> options) throws Exception {
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(
                distribution.resolve("bin/shiftadd").toString(), "serve", "--port", "0"));
        command.addAll(options);
        Path logFile = work.resolve(log + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(logFile.toFile());
        builder.environment().putAll(environment);
        // The framework cache of a killed server stays behind, so it goes into the test's
        // directory.
        builder.environment().put("SHIFTADD_OPTS", "-Djava.io.tmpdir=" + tmp);
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(120, TimeUnit.SECONDS);
        assertThat(line).as(Files.readString(logFile)).isNotNull();
        Matcher matcher = LISTENING.matcher(line);
        assertThat(matcher.find()).as(line).isTrue();
        String url = matcher.group(1);
        assertThat(url).startsWith("http://127.0.0.1:");
        return new ServerProcess(process, url);
    }
}
