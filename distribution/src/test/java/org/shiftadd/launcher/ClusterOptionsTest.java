package org.shiftadd.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterOptionsTest {
    private static Map<String, String> parse(String... args) {
        return Main.clusterProperties(args);
    }

    @Test
    void optionsBecomeFrameworkProperties() {
        Map<String, String> properties = parse("run", "spec.yaml", "--cluster",
                "--cluster-members=127.0.0.1,localhost:5702", "--cluster-port", "5801");

        assertThat(properties).containsEntry("shiftadd.cluster", "true")
                .containsEntry("shiftadd.cluster.members", "127.0.0.1,localhost:5702")
                .containsEntry("shiftadd.cluster.port", "5801");
        assertThat(parse("--verbose", "serve", "--cluster")).containsKey("shiftadd.cluster");
        assertThat(parse("decompose", "m.csv")).isEmpty();
    }

    @Test
    void memberWithInvalidPortIsRejected() {
        assertThatThrownBy(() -> parse("run", "x.yaml", "--cluster",
                "--cluster-members", "127.0.0.1:99999"))
                .hasMessage("--cluster-members: '127.0.0.1:99999' has an invalid port; give"
                        + " HOST or HOST:PORT with a port from 1 to 65535, such as"
                        + " 10.0.0.3:5702");
    }

    @Test
    void malformedOrUnknownHostIsRejected() {
        assertThatThrownBy(() -> parse("serve", "--cluster", "--cluster-members",
                "127.0.0.1,bad host!!"))
                .hasMessageStartingWith("--cluster-members: 'bad host!!' is not a host name");
        assertThatThrownBy(() -> parse("serve", "--cluster", "--cluster-host", "x/y"))
                .hasMessageStartingWith("--cluster-host: 'x/y' is not a host name");
        assertThatThrownBy(() -> parse("serve", "--cluster", "--cluster-members",
                "nohost.invalid"))
                .hasMessage("--cluster-members: host 'nohost.invalid' cannot be resolved; check"
                        + " the name or give its IP address");
    }

    @Test
    void clusterOptionsOfOtherCommandsAreRejected() {
        assertThatThrownBy(() -> parse("decompose", "m.csv", "--cluster"))
                .hasMessage("the cluster options apply to 'run' and 'serve' only, not to"
                        + " 'decompose'; leave them out");
    }

    @Test
    void invalidPortIsRejected() {
        assertThatThrownBy(() -> parse("run", "--cluster", "--cluster-port", "0"))
                .hasMessageContaining("--cluster-port must be a port number from 1 to 65535");
    }
}
