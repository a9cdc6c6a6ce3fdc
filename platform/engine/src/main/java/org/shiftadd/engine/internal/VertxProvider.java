package org.shiftadd.engine.internal;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.shiftadd.engine.bus.LocalCodec;

/**
 * Creates the framework's single Vert.x instance and registers it as a service, so that
 * every bundle shares one event bus.
 */
@Component(service = {}, immediate = true)
public final class VertxProvider {
    private Vertx vertx;
    private ServiceRegistration<Vertx> registration;

    @Activate
    void activate(BundleContext context) {
        // Resolving files from the class path makes no sense inside OSGi.
        FileSystemOptions files = new FileSystemOptions()
                .setClassPathResolvingEnabled(false)
                .setFileCachingEnabled(false);
        // Stages run on worker threads for as long as their work takes (a back end can
        // simulate for hours), so the blocked-thread warning only applies to event loops.
        vertx = Vertx.vertx(new VertxOptions().setFileSystemOptions(files)
                .setMaxWorkerExecuteTime(TimeUnit.DAYS.toNanos(1)));
        vertx.eventBus().registerCodec(new LocalCodec());
        registration = context.registerService(Vertx.class, vertx, null);
    }

    @Deactivate
    void deactivate() throws Exception {
        registration.unregister();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
