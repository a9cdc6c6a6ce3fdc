/**
 * Import of trained convolutional networks from ONNX files into
 * {@link org.shiftadd.nn.conv.ConvNetwork}.
 *
 * <p>{@link org.shiftadd.nn.onnx.OnnxImporter} reads the protobuf wire format with
 * protobuf-java's {@code CodedInputStream}, without generated message classes, and maps a
 * ResNet-style graph of the default ONNX operator set, versions 13 to 17, onto the layers of
 * {@code org.shiftadd.nn.conv}. Pure computation with no OSGi services or logging.
 */
@Export
@Version("0.1.0")
package org.shiftadd.nn.onnx;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
