/** The {@code lcc-fs} decomposer: fully sequential linear computation coding. */
package org.shiftadd.stage.lcc.fs;
