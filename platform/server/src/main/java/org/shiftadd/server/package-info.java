/** The compression server: an HTTP API that queues experiments and runs them on workers. */
@Export
@Version("0.1.0")
package org.shiftadd.server;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
