package org.shiftadd.api;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Groups the columns of a weight matrix so that each group can share one column. Service
 * kind {@code clusterer}.
 *
 * <p>Inference then pre-adds the inputs of each cluster, which costs
 * {@code columns - clusters} additions.
 */
@ConsumerType
public interface ColumnClusterer extends Stage {
    /**
     * Clusters the columns of {@code matrix}.
     *
     * @param matrix the weights, one column per input; not modified
     * @param parameters step parameters from the spec; not modified
     * @param seed seed of any randomness, recorded with the result
     * @return the clustering, with its convergence information
     * @throws IllegalArgumentException if a parameter is invalid
     */
    ColumnClustering cluster(Matrix matrix, Map<String, Object> parameters, long seed);
}
