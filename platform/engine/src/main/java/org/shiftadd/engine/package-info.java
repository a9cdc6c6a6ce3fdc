/** The experiment engine as a service: validate a spec, run it, report progress. */
@Export
@Version("0.1.0")
package org.shiftadd.engine;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
