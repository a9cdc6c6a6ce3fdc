/**
 * Labelled data sets for classification and a reader for the IDX files of MNIST and
 * Fashion-MNIST.
 */
@Export
@Version("0.1.0")
package org.shiftadd.nn.data;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
