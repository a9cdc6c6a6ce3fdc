package org.shiftadd.launcher;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Starts an embedded Apache Felix with every jar in {@code bundles/}, hands the command line
 * to the {@code shiftadd} command service and exits with its status.
 *
 * <p>The home directory comes from the system property {@code shiftadd.home}, else the
 * directory of the launcher jar. Each process gets its own framework cache in a temporary
 * directory, so a command can run beside a server.
 */
public final class Main {
    /** Property of the command service that the launcher calls. */
    static final String COMMAND_FILTER =
            "(&(objectClass=java.util.function.ToIntFunction)(shiftadd.command=main))";

    /** The command that opens the Gogo shell instead of running a shiftadd command. */
    static final String SHELL = "shell";

    private static final String SLF4J_VERSION = "2.0.17";
    /** The commands that take the cluster options. */
    private static final List<String> CLUSTER_COMMANDS = List.of("run", "serve");

    /** How long a command waits for File Install to start the jars in {@code deploy/}. */
    static final Duration DEPLOY_WAIT = Duration.ofSeconds(10);

    private Main() {
    }

    /**
     * Runs the launcher.
     *
     * @param args the shiftadd command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        boolean verbose = List.of(args).contains("--verbose");
        // Only a bare 'shell' opens the console, so 'shell --help' reaches the help text.
        boolean shell = List.of(args).stream().filter(a -> !a.equals("--verbose")).toList()
                .equals(List.of(SHELL));
        configureLogging(verbose);
        Path home = home();
        Path cache;
        try {
            cache = Files.createTempDirectory("shiftadd-felix-");
        } catch (IOException e) {
            System.err.println("error: cannot create a framework cache directory: " + e);
            return 1;
        }
        Map<String, String> cluster;
        try {
            cluster = clusterProperties(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            deleteTree(cache);
            return 2;
        }
        if (!cluster.isEmpty() && !cluster.containsKey("shiftadd.cluster")) {
            System.err.println("warning: --cluster-members, --cluster-host and --cluster-port"
                    + " have no effect without --cluster");
        }
        Framework framework = null;
        try {
            framework = newFramework(home, cache, verbose, shell, cluster);
            framework.init();
            framework.start();
            List<String> failures = installAndStart(framework.getBundleContext(),
                    home.resolve("bundles"));
            failures.forEach(failure -> System.err.println("warning: " + failure));
            if (shell) {
                // The Gogo shell owns the console and stops the framework when it exits.
                framework.waitForStop(0);
                return 0;
            }
            for (Path jar : awaitDeployedBundles(framework.getBundleContext(),
                    home.resolve("deploy"))) {
                System.err.println("warning: " + jar + " in deploy/ did not start within "
                        + DEPLOY_WAIT.toSeconds() + " s: "
                        + startFailure(framework.getBundleContext(), jar));
            }
            return callCommand(framework.getBundleContext(), args);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (BundleException | RuntimeException e) {
            System.err.println("error: the platform failed to start: " + e.getMessage());
            if (verbose) {
                e.printStackTrace();
            }
            return 1;
        } finally {
            stop(framework);
            deleteTree(cache);
        }
    }

    /**
     * Hazelcast logs through java.util.logging, several warnings and notes at every start
     * that concern tuning only. Held here because java.util.logging keeps loggers weakly.
     */
    private static final java.util.logging.Logger HAZELCAST_LOG =
            java.util.logging.Logger.getLogger("com.hazelcast");

    private static void configureLogging(boolean verbose) {
        HAZELCAST_LOG.setLevel(verbose ? java.util.logging.Level.INFO
                : java.util.logging.Level.SEVERE);
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        if (verbose) {
            // Debug output of shiftadd only; Netty and Vert.x stay at warnings.
            System.setProperty("org.slf4j.simpleLogger.log.org.shiftadd", "debug");
        } else {
            // The server logs its start, stop and each run's state changes at info.
            System.setProperty("org.slf4j.simpleLogger.log.org.shiftadd.server",
                    System.getProperty("org.slf4j.simpleLogger.log.org.shiftadd.server", "info"));
            // Members joining and leaving a cluster, also at info.
            String membership = "org.slf4j.simpleLogger.log.org.shiftadd.engine.internal"
                    + ".VertxProvider";
            System.setProperty(membership, System.getProperty(membership, "info"));
        }
        System.setProperty("org.slf4j.simpleLogger.logFile",
                System.getProperty("org.slf4j.simpleLogger.logFile", "System.err"));
    }

    private static Path home() {
        String property = System.getProperty("shiftadd.home");
        if (property != null) {
            return Paths.get(property).toAbsolutePath().normalize();
        }
        try {
            Path jar = Paths.get(Main.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
            return jar.getParent().toAbsolutePath().normalize();
        } catch (Exception e) {
            return Paths.get("").toAbsolutePath();
        }
    }

    /**
     * Returns the framework properties that the cluster options of the command line set:
     * {@code --cluster}, {@code --cluster-members LIST}, {@code --cluster-host HOST} and
     * {@code --cluster-port PORT}, each also as {@code --option=value}. The platform reads
     * them when it starts, before the command parses its options.
     *
     * @throws IllegalArgumentException if the port is not a port number
     */
    static Map<String, String> clusterProperties(String[] args) {
        Map<String, String> names = Map.of("--cluster-members", "shiftadd.cluster.members",
                "--cluster-host", "shiftadd.cluster.host",
                "--cluster-port", "shiftadd.cluster.port");
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                break;
            }
            if (arg.equals("--cluster")) {
                properties.put("shiftadd.cluster", "true");
                continue;
            }
            int equals = arg.indexOf('=');
            String option = equals < 0 ? arg : arg.substring(0, equals);
            String property = names.get(option);
            if (property == null) {
                continue;
            }
            if (equals >= 0) {
                properties.put(property, arg.substring(equals + 1));
            } else if (i + 1 < args.length) {
                properties.put(property, args[++i]);
            }
        }
        String port = properties.get("shiftadd.cluster.port");
        if (port != null && !isPort(port)) {
            throw new IllegalArgumentException("--cluster-port must be a port number from 1 to"
                    + " 65535, found '" + port + "'");
        }
        String host = properties.get("shiftadd.cluster.host");
        if (host != null) {
            checkHost(host, "--cluster-host");
        }
        String members = properties.get("shiftadd.cluster.members");
        if (members != null) {
            checkMembers(members);
        }
        String command = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst()
                .orElse("");
        if (!properties.isEmpty() && !CLUSTER_COMMANDS.contains(command)) {
            throw new IllegalArgumentException("the cluster options apply to 'run' and"
                    + " 'serve' only, not to '" + command + "'; leave them out");
        }
        return properties;
    }

    private static boolean isPort(String text) {
        return text.matches("[0-9]{1,5}") && Integer.parseInt(text) >= 1
                && Integer.parseInt(text) <= 65535;
    }

    /** Checks a comma-separated list of HOST or HOST:PORT entries. */
    private static void checkMembers(String members) {
        for (String entry : members.split(",")) {
            String member = entry.strip();
            if (member.isEmpty()) {
                continue;
            }
            int colon = member.lastIndexOf(':');
            String host = colon < 0 ? member : member.substring(0, colon);
            if (colon >= 0 && !isPort(member.substring(colon + 1))) {
                throw new IllegalArgumentException("--cluster-members: '" + member
                        + "' has an invalid port; give HOST or HOST:PORT with a port from 1 to"
                        + " 65535, such as 10.0.0.3:5702");
            }
            checkHost(host, "--cluster-members");
        }
    }

    /** Checks that a host name or address is well formed and resolves. */
    private static void checkHost(String host, String option) {
        if (!host.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(option + ": '" + host + "' is not a host name or"
                    + " IPv4 address; give one such as 10.0.0.2 or node1.example.org");
        }
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(option + ": host '" + host + "' cannot be"
                    + " resolved; check the name or give its IP address");
        }
    }

    private static Framework newFramework(Path home, Path cache, boolean verbose,
            boolean shell, Map<String, String> cluster) {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, cache.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // SLF4J sits on the launcher's class path so that one provider serves every bundle.
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                "org.slf4j;version=" + SLF4J_VERSION + ",org.slf4j.spi;version=" + SLF4J_VERSION
                        + ",org.slf4j.event;version=" + SLF4J_VERSION
                        + ",org.slf4j.helpers;version=" + SLF4J_VERSION);
        config.put("shiftadd.home", home.toString());
        config.put("felix.fileinstall.dir", home.resolve("deploy").toString());
        config.put("felix.fileinstall.poll", "1000");
        config.put("felix.fileinstall.noInitialDelay", "true");
        config.put("felix.fileinstall.log.level", "1");
        // The launcher reports bundles that fail to start in one line each; Felix's own
        // report with stack traces is shown with --verbose.
        config.put("felix.log.level", verbose ? "2" : "0");
        // Gogo stops the framework when standard input ends, so it runs without a console
        // unless the command is 'shell' or -Dgosh.args requests one.
        config.put("gosh.args", shell ? "" : "--nointeractive");
        System.getProperties().forEach((key, value) -> {
            String name = key.toString();
            if (name.startsWith("felix.") || name.startsWith("org.osgi.")
                    || name.startsWith("gosh.") || name.startsWith("shiftadd.")) {
                config.put(name, value.toString());
            }
        });
        config.putAll(cluster);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no OSGi framework on the class path: lib/ is incomplete"));
        return factory.newFramework(config);
    }

    private static List<String> installAndStart(BundleContext context, Path directory)
            throws BundleException {
        if (!Files.isDirectory(directory)) {
            throw new BundleException("bundle directory " + directory + " not found; "
                    + "set -Dshiftadd.home to the distribution directory");
        }
        List<Bundle> installed = new ArrayList<>();
        try (Stream<Path> jars = Files.list(directory)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                installed.add(context.installBundle(jar.toUri().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        // The Gogo shell starts last, so every other bundle has started when its console opens.
        installed.sort(Comparator.comparing(
                b -> "org.apache.felix.gogo.shell".equals(b.getSymbolicName())));
        List<String> failures = new ArrayList<>();
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            try {
                bundle.start();
            } catch (BundleException e) {
                failures.add("bundle " + bundle.getSymbolicName() + " " + bundle.getVersion()
                        + " did not start: " + e.getMessage());
            }
        }
        return failures;
    }

    /**
     * Waits until every jar in {@code deploy/} is an active bundle (or a resolved fragment).
     * File Install scans that directory on its own thread, so without this wait a command
     * could run before a stage dropped there has registered its service.
     *
     * @return the jars that were not started within {@link #DEPLOY_WAIT}
     */
    static List<Path> awaitDeployedBundles(BundleContext context, Path deploy)
            throws InterruptedException {
        if (!Files.isDirectory(deploy)) {
            return List.of();
        }
        List<Path> waiting;
        try (Stream<Path> jars = Files.list(deploy)) {
            waiting = jars.filter(p -> p.toString().endsWith(".jar"))
                    .map(p -> p.toAbsolutePath().normalize())
                    .collect(Collectors.toCollection(ArrayList::new));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + deploy, e);
        }
        long deadline = System.nanoTime() + DEPLOY_WAIT.toNanos();
        while (true) {
            waiting.removeAll(startedJars(context));
            if (waiting.isEmpty() || System.nanoTime() - deadline > 0) {
                return waiting;
            }
            Thread.sleep(50);
        }
    }

    /** Returns the files of the bundles installed from local jars that have started. */
    private static List<Path> startedJars(BundleContext context) {
        List<Path> started = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int state = bundle.getState();
            Path jar = jarOf(bundle);
            if (jar != null && (state == Bundle.ACTIVE || fragment && state == Bundle.RESOLVED)) {
                started.add(jar);
            }
        }
        return started;
    }

    /**
     * Returns why the bundle of a jar has not started: Felix's error when starting it now,
     * such as a missing package, or that it was never installed.
     */
    private static String startFailure(BundleContext context, Path jar) {
        for (Bundle bundle : context.getBundles()) {
            if (jar.equals(jarOf(bundle))) {
                try {
                    bundle.start();
                    return "it has started just now";
                } catch (BundleException | IllegalStateException e) {
                    return e.getMessage();
                }
            }
        }
        return "it was not installed; check that it is a bundle with a Bundle-SymbolicName";
    }

    /** Returns the local file a bundle was installed from, or null for another location. */
    private static Path jarOf(Bundle bundle) {
        try {
            URI location = new URI(bundle.getLocation());
            return "file".equals(location.getScheme())
                    ? Paths.get(location).toAbsolutePath().normalize() : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int callCommand(BundleContext context, String[] args) {
        ServiceTracker tracker;
        try {
            tracker = new ServiceTracker(context, FrameworkUtil.createFilter(COMMAND_FILTER),
                    null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker.open();
        try {
            Object service = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
            if (service == null) {
                System.err.println("error: the shiftadd command service did not start within 30 s;"
                        + " run with --verbose to see why");
                return 1;
            }
            ServiceReference<?> reference = tracker.getServiceReference();
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            try {
                Thread.currentThread().setContextClassLoader(
                        service.getClass().getClassLoader());
                return ((ToIntFunction<String[]>) service).applyAsInt(args);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
                context.ungetService(reference);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            tracker.close();
        }
    }

    private static void stop(Framework framework) {
        if (framework == null) {
            return;
        }
        try {
            framework.stop();
            framework.waitForStop(TimeUnit.SECONDS.toMillis(20));
        } catch (BundleException | InterruptedException e) {
            System.err.println("warning: the platform did not stop cleanly: " + e.getMessage());
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // A leftover cache in the temporary directory is harmless.
        }
    }
}
