package org.shiftadd.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shiftadd.engine.InputException;

class ServerOptionsTest {
    private static final String TOKEN = "0123456789abcdef0123";

    @TempDir
    Path runs;

    private ServerOptions options(String host, int port, String token) {
        return new ServerOptions(host, port, token, 1024, 4, 1, runs);
    }

    @Test
    void loopbackWithoutTokenIsAccepted() {
        assertThatCode(() -> options("127.0.0.1", 0, null).validate()).doesNotThrowAnyException();
        assertThatCode(() -> options("localhost", 8080, null).validate())
                .doesNotThrowAnyException();
    }

    @Test
    void nonLoopbackWithoutTokenIsRejected() {
        for (String host : new String[] {"0.0.0.0", "192.0.2.10", "::"}) {
            assertThatThrownBy(() -> options(host, 8080, null).validate()).as(host)
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("--host " + host + " is not a loopback address")
                    .hasMessageContaining("--token")
                    .hasMessageContaining("or bind 127.0.0.1");
        }
    }

    @Test
    void nonLoopbackWithTokenIsAccepted() {
        // Only checked, never bound.
        assertThatCode(() -> options("0.0.0.0", 8080, TOKEN).validate())
                .doesNotThrowAnyException();
    }

    @Test
    void everyProblemIsReportedAtOnce() throws Exception {
        Path file = Files.writeString(runs.resolve("file"), "x");
        ServerOptions options = new ServerOptions("127.0.0.1", 70_000, "short", 0, -1, 0, file);

        assertThatThrownBy(options::validate).isInstanceOf(InputException.class)
                .hasMessageStartingWith("6 invalid options:")
                .hasMessageContaining("  - --port 70000 is outside 0..65535")
                .hasMessageContaining("--token is 5 characters long")
                .hasMessageContaining("--max-body 0")
                .hasMessageContaining("--queue -1")
                .hasMessageContaining("--workers 0")
                .hasMessageContaining("--runs " + file + " is a file");
    }

    @Test
    void tokenWithSpaceIsRejected() {
        assertThatThrownBy(() -> options("127.0.0.1", 0, "0123456789 abcdef").validate())
                .hasMessageContaining("printable ASCII");
    }

    @Test
    void toStringHidesTheToken() {
        assertThat(options("127.0.0.1", 0, TOKEN).toString()).contains("token=set")
                .doesNotContain(TOKEN);
    }

    @Test
    void emptyTokenIsRejected() {
        ServerOptions options = new ServerOptions("127.0.0.1", 8080, "", 1024, 1, 1,
                Path.of("runs"));

        assertThatThrownBy(options::validate)
                .hasMessage("--token is empty (an unset variable?); give a secret of at least 16"
                        + " characters, or leave --token out on loopback");
    }
}
