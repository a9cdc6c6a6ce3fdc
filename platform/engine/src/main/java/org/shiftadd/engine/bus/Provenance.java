package org.shiftadd.engine.bus;

/**
 * The implementation that served a stage request.
 *
 * @param kind stage kind key, for example {@code decomposer}
 * @param stage stage name, for example {@code csd}
 * @param bundle symbolic name of the bundle that registered the service
 * @param version that bundle's version
 */
public record Provenance(String kind, String stage, String bundle, String version) {
}
