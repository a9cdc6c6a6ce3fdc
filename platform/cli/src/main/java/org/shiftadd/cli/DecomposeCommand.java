package org.shiftadd.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.PrecisionTarget;
import org.shiftadd.api.StageKind;
import org.shiftadd.engine.InputException;
import org.shiftadd.engine.bus.StageClient;
import org.shiftadd.engine.bus.StageDirectory;
import org.shiftadd.engine.bus.StageException;
import org.shiftadd.engine.bus.StageFailure;
import org.shiftadd.engine.bus.StageInfo;
import org.shiftadd.engine.bus.StageReply;
import org.shiftadd.engine.bus.StageRequest;
import org.shiftadd.numerics.Matrices;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shiftadd decompose MATRIX}: decomposes one matrix with one decomposer stage. */
@Command(name = "decompose", mixinStandardHelpOptions = true,
        description = {"Decomposes one matrix with a decomposer stage (sent over the event bus)"
                + " and prints its additions, SQNR and depth.",
            "MATRIX is a CSV file (one row per line, comma-separated) or a 2-D .npy file."})
final class DecomposeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Vertx vertx;
    private final StageDirectory stages;

    @Spec
    CommandSpec command;

    @Parameters(index = "0", paramLabel = "MATRIX", description = "The matrix file.")
    Path matrixFile;

    @Option(names = "--method", required = true, paramLabel = "NAME",
            description = "Decomposer stage: csd, lcc-fp, lcc-fs or any installed decomposer.")
    String method;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--terms", paramLabel = "S",
            description = "lcc-fp: signed-power-of-two terms per row and factor (default 2).")
    Integer terms;

    @Option(names = "--sign-normalised",
            description = "lcc-fs: allow pairs of two negative terms, stored negated.")
    boolean signNormalised;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    /** The precision target: a bit width or an SQNR. */
    static final class Target {
        @Option(names = "--bits", paramLabel = "B",
                description = "Target: the SQNR of the matrix's B-bit quantization, at most "
                        + "6.02*B + 20 dB (csd: B-bit weights).")
        Integer bits;

        @Option(names = "--sqnr", paramLabel = "DB", description = "Target SQNR in dB.")
        Double sqnrDb;
    }

    DecomposeCommand(Vertx vertx, StageDirectory stages) {
        this.vertx = vertx;
        this.stages = stages;
    }

    @Override
    public Integer call() throws Exception {
        Matrix matrix = MatrixFiles.read(matrixFile);
        try {
            Matrices.requireFinite(matrix);
        } catch (IllegalArgumentException e) {
            throw new InputException(matrixFile + ": " + e.getMessage());
        }
        PrecisionTarget precision = precision();
        if (terms != null && (terms < 1 || terms > 16)) {
            throw new InputException("--terms must be in 1..16, found " + terms);
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (terms != null) {
            parameters.put("termsPerRow", terms);
        }
        if (signNormalised) {
            parameters.put("signNormalised", true);
        }
        StageReply reply;
        try {
            reply = new StageClient(vertx, Duration.ofHours(2)).await(StageKind.DECOMPOSER,
                    method, new StageRequest.Decompose(matrix, precision, parameters));
        } catch (StageException e) {
            if (e.failure() == StageFailure.NO_HANDLER) {
                throw new InputException("--method " + method + ": no decomposer of that name"
                        + " is installed; installed decomposers: " + installedDecomposers());
            }
            throw e;
        }
        print(matrix, precision, (Decomposition) reply.result(), reply);
        return 0;
    }

    private String installedDecomposers() {
        return String.join(", ", stages.stages().stream()
                .filter(s -> s.kind().equals("decomposer")).map(StageInfo::name)
                .distinct().toList());
    }

    private PrecisionTarget precision() {
        if (target.bits != null) {
            if (target.bits < 1 || target.bits > 32) {
                throw new InputException("--bits must be in 1..32, found " + target.bits);
            }
            return PrecisionTarget.ofBits(target.bits);
        }
        if (!Double.isFinite(target.sqnrDb)) {
            throw new InputException("--sqnr must be a finite number of dB, found "
                    + target.sqnrDb);
        }
        return PrecisionTarget.ofSqnrDb(target.sqnrDb);
    }

    private void print(Matrix matrix, PrecisionTarget precision, Decomposition result,
            StageReply reply) throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("method", result.method());
        fields.put("rows", matrix.rows());
        fields.put("cols", matrix.cols());
        if (precision.bits() != null) {
            fields.put("bits", precision.bits());
        }
        Object target = result.details().get("targetSqnrDb");
        fields.put("targetSqnrDb", precision.sqnrDb() != null ? precision.sqnrDb() : target);
        fields.put("additions", result.additions());
        fields.put("additionsPerEntry",
                (double) result.additions() / Math.max(1, (long) matrix.rows() * matrix.cols()));
        fields.put("sqnrDb", Double.isFinite(result.sqnrDb()) ? result.sqnrDb() : null);
        fields.put("exact", Double.isInfinite(result.sqnrDb()) && result.sqnrDb() > 0);
        if (result.details().containsKey("factors")) {
            fields.put("factors", result.details().get("factors"));
        }
        fields.put("depth", result.depth());
        fields.put("targetReached", result.targetReached());
        fields.put("seconds", reply.seconds());
        fields.put("details", result.details());
        fields.put("bundle", reply.provenance().bundle() + " " + reply.provenance().version());
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            out.println(JSON.writeValueAsString(fields));
        } else {
            fields.remove("details");
            fields.forEach((key, value) -> out.printf(Locale.ROOT, "%-18s %s%n", key,
                    value == null ? "-" : value));
        }
        out.flush();
    }
}
