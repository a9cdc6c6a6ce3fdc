package org.shiftadd.engine.bus;

/**
 * One installed stage service.
 *
 * @param kind stage kind key
 * @param name stage name
 * @param address event-bus address of the stage
 * @param bundle symbolic name of the bundle that provides it
 * @param version that bundle's version
 * @param ranking the service ranking
 * @param serving whether this service currently serves the address (highest ranking)
 */
public record StageInfo(String kind, String name, String address, String bundle,
        String version, int ranking, boolean serving) {
}
