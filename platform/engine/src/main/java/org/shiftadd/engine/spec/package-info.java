/** Experiment specs: their data model, parsing from YAML or JSON, and validation. */
@Export
@Version("0.1.0")
package org.shiftadd.engine.spec;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
