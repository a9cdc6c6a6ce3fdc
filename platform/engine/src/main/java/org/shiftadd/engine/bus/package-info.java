/**
 * Messages between the pipeline runner and the stage host on the Vert.x event bus, and the
 * typed failures that come back instead of a reply.
 */
@Export
@Version("0.1.0")
package org.shiftadd.engine.bus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
