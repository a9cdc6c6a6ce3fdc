package org.shiftadd.stage.ap;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.shiftadd.api.ColumnClusterer;
import org.shiftadd.api.ColumnClustering;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.StageProperties;
import org.shiftadd.numerics.cluster.AffinityPropagation;
import org.shiftadd.numerics.cluster.AffinityPropagationOptions;

/**
 * Affinity propagation on the columns of a weight matrix, with similarity
 * {@code -||w_i - w_k||^2}.
 *
 * <p>Parameters, all optional: {@code preference}, a number, {@code "median"} (default) or a
 * quantile of the similarities such as {@code "q0.25"}, lower giving fewer clusters;
 * {@code damping} in {@code [0.5, 1)}, default 0.5; {@code maxIterations}, default 200;
 * {@code convergenceIterations}, default 15. The request's seed drives the tiny perturbation
 * that breaks ties, so a recorded seed reproduces the clustering.
 *
 * <p>A run that does not converge is retried once with damping 0.9 (or the given damping,
 * if higher) and five times the iteration limit. If the retry does not converge either, the
 * stage still returns its clustering, with {@link ColumnClustering#converged()} false and a
 * message that explains why, rather than failing the request. The engine must then fail the
 * stage and not share weights: {@code SharedColumns} in the numerics bundle rejects such a
 * clustering.
 *
 * <p>Source: B. J. Frey, D. Dueck, "Clustering by Passing Messages Between Data Points",
 * Science 315, 2007.
 */
@Component(service = ColumnClusterer.class, property = {
    StageProperties.KIND + "=clusterer",
    StageProperties.NAME + "=affinity-propagation",
    "service.ranking:Integer=0"
})
public final class AffinityPropagationClusterer implements ColumnClusterer {
    @Override
    public List<String> validateParameters(Map<String, Object> parameters) {
        return AffinityPropagationOptions.validate(parameters);
    }

    @Override
    public ColumnClustering cluster(Matrix matrix, Map<String, Object> parameters, long seed) {
        return AffinityPropagation.cluster(matrix, AffinityPropagationOptions.fromMap(parameters),
                seed);
    }
}
