/**
 * Linear computation coding (LCC): approximation of a constant matrix by shift-and-add
 * networks whose coefficients are signed powers of two.
 *
 * <p>{@link org.shiftadd.numerics.lcc.FullyParallelLcc} builds products of sparse wiring
 * matrices and {@link org.shiftadd.numerics.lcc.FullySequentialLcc} builds an adder graph, one
 * addition at a time. Both cut the matrix into column slices first
 * ({@link org.shiftadd.numerics.lcc.LccSlicing}) and return an
 * {@link org.shiftadd.numerics.lcc.LccDecomposition}, which evaluates the network and counts its
 * additions.
 *
 * <p>Sources: R. R. Müller, B. Gäde, A. Bereyhi, "Linear Computation Coding: A Framework for
 * Joint Quantization and Computing", Algorithms 15(7):253, 2022; H. Rosenberger, R. Fischer,
 * J. S. Fröhlich, A. Bereyhi, R. R. Müller, "Coding for Computation: Efficient Compression of
 * Neural Networks for Reconfigurable Hardware", arXiv:2504.17403, 2025.
 *
 * <p>Pure computation on plain arrays: no OSGi, Vert.x or logging.
 */
@Export
@Version("0.1.0")
package org.shiftadd.numerics.lcc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
