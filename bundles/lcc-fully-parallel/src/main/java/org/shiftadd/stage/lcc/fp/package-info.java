/** The {@code lcc-fp} decomposer: fully parallel linear computation coding. */
package org.shiftadd.stage.lcc.fp;
