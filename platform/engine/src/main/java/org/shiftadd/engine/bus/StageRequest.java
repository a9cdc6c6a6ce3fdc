package org.shiftadd.engine.bus;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.shiftadd.api.CompressedLayer;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.PrecisionTarget;

/**
 * One request to a stage: a whole matrix or network, never a single training step.
 *
 * <p>Within one JVM a request passes by reference, so every field is immutable.
 */
public sealed interface StageRequest {
    /** Returns the step parameters from the spec. */
    Map<String, Object> parameters();

    /**
     * Asks a decomposer for the decomposition of one matrix.
     *
     * @param matrix T
     * @param target the precision to reach
     * @param parameters step parameters
     */
    record Decompose(Matrix matrix, PrecisionTarget target, Map<String, Object> parameters)
            implements StageRequest, Serializable {
        /** Checks for nulls and copies the parameters. */
        public Decompose {
            Objects.requireNonNull(matrix, "matrix");
            Objects.requireNonNull(target, "target");
            parameters = Map.copyOf(parameters);
        }
    }

    /**
     * Asks a clusterer for clusters of the columns of one matrix.
     *
     * @param matrix the weights
     * @param parameters step parameters
     * @param seed seed of any randomness
     */
    record Cluster(Matrix matrix, Map<String, Object> parameters, long seed)
            implements StageRequest, Serializable {
        /** Checks for nulls and copies the parameters. */
        public Cluster {
            Objects.requireNonNull(matrix, "matrix");
            parameters = Map.copyOf(parameters);
        }
    }

    /**
     * Asks a hardware back end to emit a compressed network.
     *
     * @param layers the compressed layers, input layer first
     * @param outputDirectory where to write
     * @param parameters step parameters
     */
    record Emit(List<CompressedLayer> layers, Path outputDirectory,
            Map<String, Object> parameters) implements StageRequest {
        /** Checks for nulls and copies the list and the parameters. */
        public Emit {
            layers = List.copyOf(layers);
            Objects.requireNonNull(outputDirectory, "outputDirectory");
            parameters = Map.copyOf(parameters);
        }
    }

    /**
     * Asks any stage to check step parameters; the reply contains a {@code List<String>} of
     * problems.
     *
     * @param parameters step parameters
     */
    record Validate(Map<String, Object> parameters)
            implements StageRequest, Serializable {
        /** Copies the parameters. */
        public Validate {
            parameters = Map.copyOf(parameters);
        }
    }
}
