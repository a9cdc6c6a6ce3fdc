package org.shiftadd.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.shiftadd.engine.InputException;

/**
 * Settings of the compression server.
 *
 * @param host address to bind; a non-loopback address requires a token
 * @param port TCP port, or 0 for any free port
 * @param token the bearer token that every {@code /api} request must carry, or {@code null}
 *     for none
 * @param maxBodyBytes largest accepted request body in bytes
 * @param queueCapacity runs that may wait for a worker; more are rejected with 429
 * @param workers runs that execute at the same time
 * @param runs the run store: the directory that contains one directory per run
 */
public record ServerOptions(String host, int port, String token, long maxBodyBytes,
        int queueCapacity, int workers, Path runs) {
    /** Address bound by default: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Port bound by default. */
    public static final int DEFAULT_PORT = 8080;
    /** Largest request body by default: 1 MiB, far above any spec. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1L << 20;
    /** Runs that may wait for a worker by default. */
    public static final int DEFAULT_QUEUE_CAPACITY = 16;
    /** Shortest accepted token, so that guessing it over the network is hopeless. */
    public static final int MIN_TOKEN_LENGTH = 16;

    /**
     * Returns the default number of workers: half the available processors, at least one,
     * because each run also uses the stages' own threads.
     *
     * @return the number of runs that execute at the same time by default
     */
    public static int defaultWorkers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /**
     * Checks every setting and reports all problems at once.
     *
     * @throws InputException naming each invalid value and its fix
     */
    public void validate() {
        List<String> problems = new ArrayList<>();
        checkHost(problems);
        if (port < 0 || port > 65_535) {
            problems.add("--port " + port + " is outside 0..65535; give a free TCP port, or 0"
                    + " for any free port");
        }
        if (token != null) {
            checkToken(problems);
        }
        if (maxBodyBytes < 1) {
            problems.add("--max-body " + maxBodyBytes + " must be at least 1 byte");
        }
        if (queueCapacity < 0) {
            problems.add("--queue " + queueCapacity + " must be 0 or more");
        }
        if (workers < 1) {
            problems.add("--workers " + workers + " must be 1 or more");
        }
        if (runs == null) {
            problems.add("--runs is missing; give the run store directory");
        } else if (Files.exists(runs) && !Files.isDirectory(runs)) {
            problems.add("--runs " + runs + " is a file; give a directory");
        }
        if (problems.size() == 1) {
            throw new InputException(problems.get(0));
        }
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder(problems.size() + " invalid options:");
            problems.forEach(problem -> message.append(System.lineSeparator()).append("  - ")
                    .append(problem));
            throw new InputException(message.toString());
        }
    }

    private void checkHost(List<String> problems) {
        if (host == null || host.isBlank()) {
            problems.add("--host is empty; give an address such as " + DEFAULT_HOST);
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            problems.add("--host " + host + " cannot be resolved; give an IP address such as "
                    + DEFAULT_HOST);
            return;
        }
        boolean loopback = Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
        if (!loopback && token == null) {
            problems.add("--host " + host + " is not a loopback address, so other machines could"
                    + " reach the API without authentication; give --token (or set"
                    + " SHIFTADD_TOKEN) with a secret of at least " + MIN_TOKEN_LENGTH
                    + " characters, or bind " + DEFAULT_HOST);
        }
    }

    private void checkToken(List<String> problems) {
        if (token.isEmpty()) {
            problems.add("--token is empty (an unset variable?); give a secret of at least "
                    + MIN_TOKEN_LENGTH + " characters, or leave --token out on loopback");
        } else if (token.length() < MIN_TOKEN_LENGTH) {
            problems.add("--token is " + token.length() + " characters long; use at least "
                    + MIN_TOKEN_LENGTH + ", for example the output of 'openssl rand -hex 16'");
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            problems.add("--token contains spaces, control or non-ASCII characters, which an"
                    + " Authorization header cannot carry; use printable ASCII only");
        }
    }

    /** Returns the settings with the token replaced by a mark, for logs and messages. */
    @Override
    public String toString() {
        return "ServerOptions[host=" + host + ", port=" + port + ", token="
                + (token == null ? "none" : "set") + ", maxBodyBytes=" + maxBodyBytes
                + ", queueCapacity=" + queueCapacity + ", workers=" + workers + ", runs=" + runs
                + "]";
    }
}
