package org.shiftadd.api;

import java.util.Locale;

/** The four kinds of stage and the service interface that each kind implements. */
public enum StageKind {
    /** Penalty and proximal step applied by the trainer, see {@link Regularizer}. */
    REGULARIZER(Regularizer.class),
    /** Column clustering for weight sharing, see {@link ColumnClusterer}. */
    CLUSTERER(ColumnClusterer.class),
    /** Matrix decomposition with an exact addition count, see {@link MatrixDecomposer}. */
    DECOMPOSER(MatrixDecomposer.class),
    /** Hardware generation, see {@link HardwareBackend}. */
    BACKEND(HardwareBackend.class);

    private final Class<?> serviceType;

    StageKind(Class<?> serviceType) {
        this.serviceType = serviceType;
    }

    /** Returns the lower-case key used in service properties, specs and addresses. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the SPI interface that services of this kind implement. */
    public Class<?> serviceType() {
        return serviceType;
    }

    /**
     * Returns the event-bus address of the stage with the given name.
     *
     * @param stageName value of {@link StageProperties#NAME}, for example {@code lcc-fs}
     * @return {@code shiftadd.<kind>.<name>}
     */
    public String address(String stageName) {
        return "shiftadd." + key() + "." + stageName;
    }

    /**
     * Returns the kind with the given key.
     *
     * @param key for example {@code decomposer}
     * @return the kind
     * @throws IllegalArgumentException if no kind has that key
     */
    public static StageKind fromKey(String key) {
        for (StageKind kind : values()) {
            if (kind.key().equals(key)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown stage kind '" + key
                + "': expected one of regularizer, clusterer, decomposer, backend");
    }
}
