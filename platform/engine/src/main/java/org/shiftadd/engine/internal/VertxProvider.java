package org.shiftadd.engine.internal;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.shiftadd.engine.bus.StageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the framework's single Vert.x instance and registers it as a service, so that
 * every bundle shares one event bus.
 *
 * <p>With the framework property {@value #CLUSTER} set to {@code true}, Vert.x joins a
 * cluster through Hazelcast, and a request goes to any node whose event bus has a consumer
 * for its address. Further properties: {@value #MEMBERS}, the comma-separated addresses of
 * the other members (default {@value #DEFAULT_HOST}), {@value #HOST}, the address to bind
 * (default {@value #DEFAULT_HOST}), and {@value #PORT}, Hazelcast's first port (default
 * {@value #DEFAULT_PORT}, then the next free one of the following 20).
 */
@Component(service = {}, immediate = true)
public final class VertxProvider {
    /** Framework property that turns clustering on. */
    public static final String CLUSTER = "shiftadd.cluster";
    /** Framework property with the cluster members to contact. */
    public static final String MEMBERS = "shiftadd.cluster.members";
    /** Framework property with the address that the node binds. */
    public static final String HOST = "shiftadd.cluster.host";
    /** Framework property with Hazelcast's first port. */
    public static final String PORT = "shiftadd.cluster.port";

    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 5701;
    private static final int PORT_COUNT = 20;
    private static final Logger LOG = LoggerFactory.getLogger(VertxProvider.class);
    /** When a cluster member last left; one Hazelcast member runs per process. */
    private static final AtomicLong LAST_DEPARTURE = new AtomicLong();

    private Vertx vertx;
    private ServiceRegistration<Vertx> registration;

    @Activate
    void activate(BundleContext context) throws Exception {
        // Resolving files from the class path makes no sense inside OSGi.
        FileSystemOptions files = new FileSystemOptions()
                .setClassPathResolvingEnabled(false)
                .setFileCachingEnabled(false);
        // Stages run on worker threads for as long as their work takes (a back end can
        // simulate for hours), so the blocked-thread warning only applies to event loops.
        VertxOptions options = new VertxOptions().setFileSystemOptions(files)
                .setMaxWorkerExecuteTime(TimeUnit.DAYS.toNanos(1));
        if (Boolean.parseBoolean(context.getProperty(CLUSTER))) {
            vertx = clustered(context, options);
        } else {
            // Vert.x looks up its service providers through the context class loader, which
            // in a test can see the raw vertx-hazelcast jar on the class path.
            vertx = withContextLoader(Vertx.class.getClassLoader(), () -> Vertx.vertx(options));
        }
        vertx.eventBus().registerCodec(new StageCodec());
        registration = context.registerService(Vertx.class, vertx, null);
    }

    private static Vertx clustered(BundleContext context, VertxOptions options)
            throws Exception {
        String host = property(context, HOST, DEFAULT_HOST);
        String portText = property(context, PORT, Integer.toString(DEFAULT_PORT));
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PORT + " must be a port number, found '"
                    + portText + "'");
        }
        List<String> members = new ArrayList<>();
        for (String member : property(context, MEMBERS, host).split(",")) {
            if (!member.isBlank()) {
                members.add(member.strip());
            }
        }
        ClassLoader hazelcast = HazelcastClusterManager.class.getClassLoader();
        // Vert.x and Hazelcast look up their services through the context class loader.
        return withContextLoader(hazelcast, () -> {
            Config config = ConfigUtil.loadConfig();
            config.setClassLoader(hazelcast);
            config.setClusterName("shiftadd");
            config.setProperty("hazelcast.phone.home.enabled", "false");
            config.setProperty("hazelcast.socket.bind.any", "false");
            // The Hazelcast bundle does not import SLF4J, so it logs through java.util.logging,
            // whose level the launcher sets.
            config.setProperty("hazelcast.logging.type", "jdk");
            config.addListenerConfig(new ListenerConfig(new DepartureListener()));
            NetworkConfig network = config.getNetworkConfig();
            network.setPort(port).setPortAutoIncrement(true).setPortCount(PORT_COUNT);
            network.getInterfaces().setEnabled(true).addInterface(host);
            JoinConfig join = network.getJoin();
            join.getMulticastConfig().setEnabled(false);
            join.getAutoDetectionConfig().setEnabled(false);
            join.getTcpIpConfig().setEnabled(true).setMembers(members);
            options.setEventBusOptions(new EventBusOptions().setHost(host)
                    .setClusterPublicHost(host).setPort(0));
            LOG.info("joining the cluster on {} (Hazelcast port {} or above, members {})",
                    host, port, members);
            Vertx clustered = Vertx.builder().with(options)
                    .withClusterManager(new HazelcastClusterManager(config))
                    .buildClustered().toCompletionStage().toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            LOG.info("joined the cluster");
            if (context.getProperty(MEMBERS) != null && clusterNodes(clustered) == 1) {
                LOG.warn("no other cluster member answered at {}; this process works alone"
                        + " until one joins", members);
            }
            return clustered;
        });
    }

    /**
     * Returns when a cluster member last left this process's cluster.
     *
     * @return the time in {@link System#currentTimeMillis()}, 0 if no member has left
     */
    static long lastDeparture() {
        return LAST_DEPARTURE.get();
    }

    /** Records departures, so that the requests a departed member took are sent again. */
    private static final class DepartureListener implements MembershipListener {
        @Override
        public void memberAdded(MembershipEvent event) {
            LOG.info("cluster member {} joined", event.getMember().getAddress());
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            LAST_DEPARTURE.set(System.currentTimeMillis());
            LOG.warn("cluster member {} left; requests in flight to it, if any, are sent"
                    + " again", event.getMember().getAddress());
        }
    }

    /**
     * Returns the number of members of the cluster that {@code vertx} belongs to, or 1 when
     * it is not clustered.
     *
     * @param vertx the platform's Vert.x instance
     * @return the members, at least 1
     */
    static int clusterNodes(Vertx vertx) {
        if (!vertx.isClustered()) {
            return 1;
        }
        // The cluster manager is not reachable through Vert.x's public API; the Hazelcast
        // member that this provider started is the only one in the process.
        int members = 1;
        for (HazelcastInstance instance : Hazelcast.getAllHazelcastInstances()) {
            members = Math.max(members, instance.getCluster().getMembers().size());
        }
        return members;
    }

    /** Runs {@code action} with {@code loader} as the thread's context class loader. */
    private static <T> T withContextLoader(ClassLoader loader, Callable<T> action)
            throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static String property(BundleContext context, String key, String fallback) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    @Deactivate
    void deactivate() throws Exception {
        registration.unregister();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
