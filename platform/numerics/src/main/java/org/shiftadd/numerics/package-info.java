/**
 * Fixed point, canonical signed digits, signed powers of two, addition counting and SQNR.
 *
 * <p>Pure computation on plain arrays and EJML: no OSGi, Vert.x or logging.
 */
@Export
@Version("0.1.0")
package org.shiftadd.numerics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
