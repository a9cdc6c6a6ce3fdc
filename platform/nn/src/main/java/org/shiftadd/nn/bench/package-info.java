/** Throughput measurements of network training, for the {@code shiftadd bench} command. */
@Export
@Version("0.1.0")
package org.shiftadd.nn.bench;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
