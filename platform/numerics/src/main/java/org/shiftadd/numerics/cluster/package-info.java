/**
 * Weight sharing: clustering of the columns of a weight matrix by affinity propagation, and
 * the replacement of every column by the centroid of its cluster.
 *
 * <p>Source: B. J. Frey, D. Dueck, "Clustering by Passing Messages Between Data Points",
 * Science 315, 2007.
 *
 * <p>Pure computation on plain arrays: no OSGi, Vert.x or logging.
 */
@Export
@Version("0.1.0")
package org.shiftadd.numerics.cluster;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
