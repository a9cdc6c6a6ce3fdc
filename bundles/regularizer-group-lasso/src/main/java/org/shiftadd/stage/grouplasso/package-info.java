/**
 * The {@code group-lasso} regularizer: column-group lasso with a proximal step, for
 * structured pruning.
 */
package org.shiftadd.stage.grouplasso;
