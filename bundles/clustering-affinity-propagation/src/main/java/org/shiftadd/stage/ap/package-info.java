/**
 * The {@code affinity-propagation} clusterer: groups the columns of a weight matrix for
 * weight sharing.
 */
package org.shiftadd.stage.ap;
