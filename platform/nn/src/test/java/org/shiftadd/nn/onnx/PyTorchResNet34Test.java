package org.shiftadd.nn.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shiftadd.nn.conv.Conv2d;
import org.shiftadd.nn.conv.ConvNetwork;
import org.shiftadd.nn.conv.ConvSpec;
import org.shiftadd.nn.conv.MaxPool2d;
import org.shiftadd.nn.conv.ResNets;

/**
 * Imports a ResNet-34 that PyTorch exported to ONNX and compares its logits with PyTorch's,
 * computed in double precision from the same weights. The export script is in
 * {@code src/test/python}. CI installs PyTorch from Debian's python3-torch and
 * python3-torchvision packages, and without them this test fails with a message that names
 * them.
 */
class PyTorchResNet34Test {
    private static final Path SCRIPT = Path.of("src/test/python/export_resnet34.py");

    @TempDir
    Path directory;

    @Test
    void exportedResNet34MatchesPyTorch() throws Exception {
        ConvNetwork imported = exportAndCompare("3");

        ConvNetwork ours = ResNets.resnet34(3, 64, 200, 1);
        assertThat(imported.convolutions()).extracting(Conv2d::spec)
                .containsExactlyElementsOf(ours.convolutions().stream().map(Conv2d::spec)
                        .toList());
    }

    @Test
    void torchvisionStemMatchesPyTorch() throws Exception {
        ConvNetwork imported = exportAndCompare("4", "--torchvision-stem");

        assertThat(imported.convolutions().get(0).spec())
                .isEqualTo(ConvSpec.square(3, 64, 7, 2, 3));
        assertThat(imported.layers()).filteredOn(MaxPool2d.class::isInstance)
                .singleElement().hasToString("MaxPool2d[3x3, stride 2, padding 1]");
    }

    /**
     * Exports a ResNet-34 with the script, imports it and checks its logits against
     * PyTorch's, within 1e-4.
     */
    private ConvNetwork exportAndCompare(String... arguments) throws Exception {
        String python = pythonWithTorch().orElse(null);
        assertThat(python).as("no python3 with PyTorch found; install it (Debian: apt-get install"
                + " python3-torch python3-torchvision) to run the ONNX import test").isNotNull();
        List<String> command = new ArrayList<>(List.of(python, SCRIPT.toString(),
                directory.toString()));
        command.addAll(List.of(arguments));
        Process export = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(export.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(export.waitFor()).as(log).isZero();

        ConvNetwork imported = OnnxImporter.read(directory.resolve("resnet34.onnx"));
        double[] image = numbers(directory.resolve("input.txt"));
        double[] expected = numbers(directory.resolve("logits.txt"));
        double[] actual = imported.logits(image, 1);

        assertThat(actual).hasSize(200);
        double largest = 0;
        for (int k = 0; k < expected.length; k++) {
            assertThat(actual[k]).as("logit " + k).isCloseTo(expected[k], within(1e-4));
            largest = Math.max(largest, Math.abs(expected[k]));
        }
        // Logits near 0 would make the tolerance meaningless.
        assertThat(largest).isGreaterThan(0.1);
        return imported;
    }

    private static double[] numbers(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(line -> !line.isBlank())
                .mapToDouble(Double::parseDouble).toArray();
    }

    /** Returns the first python3 that can import torch and torchvision. */
    private static Optional<String> pythonWithTorch() throws InterruptedException {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process probe = new ProcessBuilder(candidate, "-c", "import torch, torchvision")
                        .redirectErrorStream(true).start();
                probe.getInputStream().readAllBytes();
                if (probe.waitFor(120, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return Optional.of(candidate);
                }
            } catch (IOException e) {
                // Not there: try the next one.
            }
        }
        return Optional.empty();
    }
}
