/**
 * Pruning by group lasso: the column-group penalty, its proximal step and the zeroing of
 * negligible columns after training.
 *
 * <p>Source: W. Wen et al., "Learning Structured Sparsity in Deep
 * Neural Networks", NeurIPS 2016.
 *
 * <p>Pure computation on plain arrays: no OSGi, Vert.x or logging.
 */
@Export
@Version("0.1.0")
package org.shiftadd.numerics.prune;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
