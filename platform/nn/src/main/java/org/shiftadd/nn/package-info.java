/**
 * Fully connected ReLU networks for classification and their mini-batch SGD training.
 *
 * <p>Pure computation on plain arrays, single-threaded: no OSGi, Vert.x or logging.
 */
@Export
@Version("0.1.0")
package org.shiftadd.nn;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
