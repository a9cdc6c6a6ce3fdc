/**
 * Convolutional networks for image classification: layers with forward and backward passes,
 * residual blocks, ResNet-34, SGD training, batch-norm folding, and the full-kernel and
 * partial-kernel matrices of a convolution.
 *
 * <p>Tensors are flat {@code double[]} arrays in NCHW order: image after image, each image
 * channel after channel, each channel row after row. A {@link org.shiftadd.nn.conv.Shape}
 * gives the channels, height and width of one image. Pure computation on one thread, with
 * no OSGi, Vert.x or logging.
 */
@Export
@Version("0.1.0")
package org.shiftadd.nn.conv;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
