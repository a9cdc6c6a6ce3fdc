package com.example.shiftadd.kmeans;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.shiftadd.api.ColumnClusterer;
import org.shiftadd.api.ColumnClustering;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.StageProperties;

/**
 * The {@code k-means} clusterer stage: k-means++ seeding and Lloyd iterations on the columns of
 * a weight matrix, with squared Euclidean distance.
 *
 * <p>Parameters: {@code clusters}, the number of clusters, or {@code fraction}, the clusters as
 * a fraction of the columns of each matrix (one of the two is required), and
 * {@code maxIterations}, default 100. The request's seed drives the seeding, so a recorded
 * seed reproduces the clustering.
 *
 * <p>Declarative Services registers this class as a {@link ColumnClusterer} service with the
 * two stage properties, and the platform serves it at {@code shiftadd.clusterer.k-means}. A
 * bundle that registers the same kind and name with a higher {@code service.ranking} takes
 * over that address while it is installed.
 *
 * <p>Sources: S. Lloyd, "Least squares quantization in PCM", IEEE Transactions on Information
 * Theory 28(2), 1982; D. Arthur, S. Vassilvitskii, "k-means++: The Advantages of Careful
 * Seeding", SODA 2007.
 */
@Component(service = ColumnClusterer.class, property = {
    StageProperties.KIND + "=clusterer",
    StageProperties.NAME + "=k-means",
    "service.ranking:Integer=0"
})
public final class KMeansClusterer implements ColumnClusterer {
    @Override
    public List<String> validateParameters(Map<String, Object> parameters) {
        return KMeansParameters.validate(parameters);
    }

    @Override
    public ColumnClustering cluster(Matrix matrix, Map<String, Object> parameters, long seed) {
        return KMeans.cluster(matrix, KMeansParameters.fromMap(parameters), seed);
    }
}
