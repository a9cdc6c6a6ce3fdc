/**
 * The shiftadd stage SPI and its data model.
 *
 * <p>A stage bundle provides one of {@link org.shiftadd.api.Regularizer},
 * {@link org.shiftadd.api.ColumnClusterer}, {@link org.shiftadd.api.MatrixDecomposer} or
 * {@link org.shiftadd.api.HardwareBackend} as an OSGi service with the properties
 * {@link org.shiftadd.api.StageProperties#KIND} and {@link org.shiftadd.api.StageProperties#NAME}.
 * The platform registers an event-bus consumer for it at {@code shiftadd.<kind>.<name>}. This
 * package is the only one a third-party stage compiles against.
 */
@Export
@Version("1.0.0")
package org.shiftadd.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
