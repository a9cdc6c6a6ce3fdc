package org.shiftadd.engine.internal;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.shiftadd.api.ColumnClusterer;
import org.shiftadd.api.HardwareBackend;
import org.shiftadd.api.MatrixDecomposer;
import org.shiftadd.api.Regularizer;
import org.shiftadd.api.Stage;
import org.shiftadd.api.StageKind;
import org.shiftadd.api.StageProperties;
import org.shiftadd.engine.bus.StageCodec;
import org.shiftadd.engine.bus.Provenance;
import org.shiftadd.engine.bus.StageDirectory;
import org.shiftadd.engine.bus.StageFailure;
import org.shiftadd.engine.bus.StageInfo;
import org.shiftadd.engine.bus.StageReply;
import org.shiftadd.engine.bus.StageRequest;
import org.shiftadd.engine.bus.WireFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers an event-bus consumer at {@code shiftadd.<kind>.<name>} for every stage service
 * (whiteboard pattern) and removes it when the last service of that address goes away.
 *
 * <p>Each message is served by the highest-ranked service at the moment it arrives, on a
 * worker thread. The service object is held until the work is done, so a request that is
 * running when a better-ranked bundle arrives finishes on the implementation that accepted
 * it. Failures come back as failed replies with a {@link StageFailure} code.
 */
@Component(service = StageDirectory.class, immediate = true)
public final class StageHost implements StageDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(StageHost.class);
    private static final int MAX_ATTEMPTS = 3;
    /** This process, as {@code host/pid}, in the provenance of every reply. */
    private static final String NODE = nodeName();

    private final Map<String, List<ServiceReference<?>>> servicesByAddress = new HashMap<>();
    /**
     * Provenance of every service, taken when it arrives: once a bundle is being uninstalled,
     * its references no longer name it, but a request it accepted still has to.
     */
    private final Map<ServiceReference<?>, Provenance> provenances = new HashMap<>();
    private final Map<String, MessageConsumer<Object>> consumers = new HashMap<>();
    private BundleContext context;
    private Vertx vertx;

    @Reference
    void setVertx(Vertx vertx) {
        this.vertx = vertx;
    }

    @Activate
    synchronized void activate(BundleContext context) {
        this.context = context;
        for (String address : servicesByAddress.keySet()) {
            ensureConsumer(address);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        consumers.values().forEach(MessageConsumer::unregister);
        consumers.clear();
        context = null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindDecomposer(ServiceReference<MatrixDecomposer> reference) {
        add(reference);
    }

    void unbindDecomposer(ServiceReference<MatrixDecomposer> reference) {
        remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindClusterer(ServiceReference<ColumnClusterer> reference) {
        add(reference);
    }

    void unbindClusterer(ServiceReference<ColumnClusterer> reference) {
        remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindRegularizer(ServiceReference<Regularizer> reference) {
        add(reference);
    }

    void unbindRegularizer(ServiceReference<Regularizer> reference) {
        remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindBackend(ServiceReference<HardwareBackend> reference) {
        add(reference);
    }

    void unbindBackend(ServiceReference<HardwareBackend> reference) {
        remove(reference);
    }

    @Override
    public synchronized List<StageInfo> stages() {
        List<StageInfo> stages = new ArrayList<>();
        new TreeMap<>(servicesByAddress).forEach((address, references) -> {
            List<ServiceReference<?>> ranked = ranked(references);
            for (int i = 0; i < ranked.size(); i++) {
                stages.add(describe(address, ranked.get(i), i == 0));
            }
        });
        return stages;
    }

    private synchronized void add(ServiceReference<?> reference) {
        String address = addressOf(reference);
        if (address == null) {
            LOG.warn("ignoring stage service {} from bundle {}: property {} or {} is missing "
                    + "or invalid", reference.getProperty("service.id"),
                    reference.getBundle().getSymbolicName(), StageProperties.KIND,
                    StageProperties.NAME);
            return;
        }
        servicesByAddress.computeIfAbsent(address, a -> new ArrayList<>()).add(reference);
        provenances.put(reference, provenance(reference));
        if (context != null) {
            ensureConsumer(address);
        }
    }

    private synchronized void remove(ServiceReference<?> reference) {
        String address = addressOf(reference);
        List<ServiceReference<?>> references = servicesByAddress.get(address);
        if (references == null) {
            return;
        }
        references.remove(reference);
        provenances.remove(reference);
        if (references.isEmpty()) {
            servicesByAddress.remove(address);
            MessageConsumer<Object> consumer = consumers.remove(address);
            if (consumer != null) {
                consumer.unregister();
                LOG.debug("unregistered {}", address);
            }
        }
    }

    private void ensureConsumer(String address) {
        if (!consumers.containsKey(address)) {
            consumers.put(address, vertx.eventBus().consumer(address, this::handle));
            LOG.debug("registered {}", address);
        }
    }

    private void handle(Message<Object> message) {
        handle(message, 1);
    }

    private void handle(Message<Object> message, int attempt) {
        ServiceReference<?> reference;
        Object service;
        Provenance provenance;
        BundleContext bundleContext;
        synchronized (this) {
            List<ServiceReference<?>> references = servicesByAddress.get(message.address());
            bundleContext = context;
            reference = references == null || bundleContext == null
                    ? null : ranked(references).get(0);
            provenance = reference == null ? null : provenances.get(reference);
            service = reference == null ? null : getService(bundleContext, reference);
        }
        if (service == null) {
            message.fail(StageFailure.NO_HANDLER.code(),
                    "the stage at " + message.address() + " has just gone away");
            return;
        }
        long start = System.nanoTime();
        vertx.executeBlocking(() -> serveCatchingErrors(service, message.body()), false)
                .onComplete(result -> {
                    ungetService(bundleContext, reference);
                    if (result.failed() && !isActive(reference) && attempt < MAX_ATTEMPTS) {
                        // The bundle went away while the request ran (its classes can then no
                        // longer load): the request moves to the best implementation left.
                        LOG.debug("{}: {} {} went away during a request, retrying",
                                message.address(), provenance.bundle(), provenance.version());
                        handle(message, attempt + 1);
                        return;
                    }
                    if (result.succeeded()) {
                        double seconds = (System.nanoTime() - start) / 1e9;
                        message.reply(new StageReply(result.result(), provenance, seconds),
                                new DeliveryOptions().setCodecName(StageCodec.NAME));
                    } else {
                        fail(message, provenance, result.cause());
                    }
                });
    }

    /** Returns the service, or null when it is going away and the framework refuses it. */
    private static Object getService(BundleContext context, ServiceReference<?> reference) {
        try {
            return context.getService(reference);
        } catch (IllegalStateException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Releases the service. A failure here must not keep the reply from being sent, so it
     * is logged only: the service may have gone away while the request ran.
     */
    private static void ungetService(BundleContext context, ServiceReference<?> reference) {
        try {
            context.ungetService(reference);
        } catch (RuntimeException e) {
            LOG.debug("releasing a stage service that went away failed: {}", e.toString());
        }
    }

    /**
     * Serves a request and turns an {@link Error} into an exception, because a worker task
     * that ends with an Error never completes its future and the request would hang. A
     * {@link NoClassDefFoundError} happens when the stage's bundle is uninstalled while the
     * request runs.
     */
    private static Object serveCatchingErrors(Object service, Object body) throws Exception {
        try {
            return serve(service, body);
        } catch (Error e) {
            throw new IllegalStateException("the stage implementation failed: " + e, e);
        }
    }

    private static boolean isActive(ServiceReference<?> reference) {
        Bundle bundle = reference.getBundle();
        return bundle != null && (bundle.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0;
    }

    private static Object serve(Object service, Object body) throws Exception {
        if (body instanceof WireFailure failure) {
            throw new IllegalArgumentException(failure.reason());
        }
        if (body instanceof StageRequest.Validate validate && service instanceof Stage stage) {
            return List.copyOf(stage.validateParameters(validate.parameters()));
        }
        if (body instanceof StageRequest.Decompose request
                && service instanceof MatrixDecomposer decomposer) {
            return decomposer.decompose(request.matrix(), request.target(), request.parameters());
        }
        if (body instanceof StageRequest.Cluster request
                && service instanceof ColumnClusterer clusterer) {
            return clusterer.cluster(request.matrix(), request.parameters(), request.seed());
        }
        if (body instanceof StageRequest.Emit request
                && service instanceof HardwareBackend backend) {
            return backend.emit(request.layers(), request.outputDirectory(),
                    request.parameters());
        }
        String type = body == null ? "null" : body.getClass().getSimpleName();
        throw new IllegalArgumentException("a " + service.getClass().getSimpleName()
                + " cannot serve a " + type + " request");
    }

    private static void fail(Message<Object> message, Provenance provenance, Throwable cause) {
        StageFailure kind = cause instanceof IllegalArgumentException
                ? StageFailure.INVALID_INPUT : StageFailure.STAGE_FAILURE;
        String detail = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (kind == StageFailure.STAGE_FAILURE) {
            LOG.warn("stage {} ({} {}) failed", message.address(), provenance.bundle(),
                    provenance.version(), cause);
        }
        message.fail(kind.code(), "stage " + provenance.kind() + " '" + provenance.stage()
                + "' (" + provenance.bundle() + " " + provenance.version() + "): " + detail);
    }

    private static List<ServiceReference<?>> ranked(List<ServiceReference<?>> references) {
        List<ServiceReference<?>> ranked = new ArrayList<>(references);
        // ServiceReference ordering puts the highest ranking (then the oldest) last.
        ranked.sort(Comparator.<ServiceReference<?>, ServiceReference<?>>comparing(
                r -> r, (a, b) -> b.compareTo(a)));
        return ranked;
    }

    private static String addressOf(ServiceReference<?> reference) {
        Object kind = reference.getProperty(StageProperties.KIND);
        Object name = reference.getProperty(StageProperties.NAME);
        if (!(kind instanceof String k) || !(name instanceof String n) || n.isBlank()) {
            return null;
        }
        try {
            return StageKind.fromKey(k).address(n);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Provenance provenance(ServiceReference<?> reference) {
        return new Provenance(String.valueOf(reference.getProperty(StageProperties.KIND)),
                String.valueOf(reference.getProperty(StageProperties.NAME)),
                reference.getBundle().getSymbolicName(),
                reference.getBundle().getVersion().toString(), NODE);
    }

    private static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "/" + ProcessHandle.current().pid();
    }

    private StageInfo describe(String address, ServiceReference<?> reference,
            boolean serving) {
        Provenance provenance = provenances.get(reference);
        Object ranking = reference.getProperty("service.ranking");
        return new StageInfo(provenance.kind(), provenance.stage(), address,
                provenance.bundle(), provenance.version(),
                ranking instanceof Integer r ? r : 0, serving);
    }
}
