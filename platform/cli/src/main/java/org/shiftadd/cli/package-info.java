/** The {@code shiftadd} command line, run inside the framework by the launcher. */
package org.shiftadd.cli;
