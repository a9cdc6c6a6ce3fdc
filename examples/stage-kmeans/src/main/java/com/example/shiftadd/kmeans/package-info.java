/**
 * The {@code k-means} clusterer: groups the columns of a weight matrix for weight sharing,
 * as an example of a stage bundle that is built outside the shiftadd sources.
 */
package com.example.shiftadd.kmeans;
