/** The {@code csd} decomposer: the canonical signed digit baseline that LCC is counted against. */
package org.shiftadd.stage.csd;
