package org.shiftadd.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.shiftadd.engine.InputException;
import org.shiftadd.numerics.lcc.LccBenchmark;
import org.shiftadd.numerics.lcc.LccBenchmark.Row;
import org.shiftadd.numerics.lcc.LccBenchmark.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shiftadd bench lcc}: additions per entry of CSD and LCC on Gaussian matrices. */
@Command(name = "lcc", mixinStandardHelpOptions = true,
        description = {"Decomposes seeded N(0, σ²) matrices with CSD, lcc-fp (S = 2 and 3) and "
                + "lcc-fs (published sign rule and signNormalised), the target being the SQNR of "
                + "each matrix's B-bit quantization, and prints additions per matrix entry "
                + "(slice sums included), the slices that reached the target and the time per "
                + "matrix.",
            "Without --shape it runs the reference shapes, from 16x4 to 300x784."})
final class BenchLccCommand implements Callable<Integer> {
    /** Largest matrix a shape may have, so that a typing slip cannot exhaust the heap. */
    private static final long MAX_ENTRIES = 50_000_000;

    @Spec
    CommandSpec command;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the first matrix (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--matrices", defaultValue = "1",
            description = "Matrices per shape, averaged (default: ${DEFAULT-VALUE}).")
    int matrices;

    @Option(names = "--shape", paramLabel = "NxM@B",
            description = "A shape to run instead of the reference ones, such as 64x6@8; "
                    + "σ is 1. Repeat for several.")
    List<String> shapes;

    @Override
    public Integer call() {
        if (matrices < 1) {
            throw new InputException("--matrices must be at least 1, found " + matrices);
        }
        List<Shape> selected = shapes == null ? LccBenchmark.referenceShapes()
                : shapes.stream().map(BenchLccCommand::parseShape).toList();
        PrintWriter out = command.commandLine().getOut();
        out.printf(Locale.ROOT, "%-12s %3s  %-22s %9s %8s %10s%n", "N x M", "B", "method",
                "adds/entry", "slices", "s/matrix");
        for (Shape shape : selected) {
            printShape(out, shape);
        }
        out.printf("seed %d, %d matrix(es) per shape, Java %s, %d processors%n", seed, matrices,
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        out.flush();
        return 0;
    }

    private void printShape(PrintWriter out, Shape shape) {
        Map<String, List<Row>> byMethod = new LinkedHashMap<>();
        for (int m = 0; m < matrices; m++) {
            for (Row row : LccBenchmark.run(List.of(shape), seed + m)) {
                byMethod.computeIfAbsent(row.method(), k -> new ArrayList<>()).add(row);
            }
        }
        String size = shape.rows() + "x" + shape.cols();
        byMethod.forEach((method, rows) -> {
            double perEntry = rows.stream().mapToDouble(Row::additionsPerEntry).average()
                    .orElse(Double.NaN);
            int reached = rows.stream().mapToInt(Row::slicesReachingTarget).sum();
            int slices = rows.stream().mapToInt(Row::slices).sum();
            double seconds = rows.stream().mapToDouble(Row::seconds).average().orElse(0);
            out.printf(Locale.ROOT, "%-12s %3d  %-22s %9.3f %8s %10.3f%n", size, shape.bits(),
                    method, perEntry, reached + "/" + slices, seconds);
        });
        out.flush();
    }

    private static Shape parseShape(String text) {
        String[] parts = text.split("[x@]");
        try {
            if (parts.length == 3 && (long) Integer.parseInt(parts[0])
                    * Integer.parseInt(parts[1]) > MAX_ENTRIES) {
                throw new InputException("--shape " + text + " has more than " + MAX_ENTRIES
                        + " entries; give a smaller matrix");
            }
            if (parts.length == 3) {
                return new Shape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                        Integer.parseInt(parts[2]), 1);
            }
        } catch (IllegalArgumentException e) {
            // Reported below with the expected form.
        }
        throw new InputException("--shape " + text + " is invalid: give NxM@B, for example "
                + "64x6@8, with N, M >= 1 and B in 1..52");
    }
}
