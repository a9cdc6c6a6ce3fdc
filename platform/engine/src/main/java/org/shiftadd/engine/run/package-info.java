/** The run store: one directory per run, written atomically, and what a run reports. */
@Export
@Version("0.1.0")
package org.shiftadd.engine.run;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
