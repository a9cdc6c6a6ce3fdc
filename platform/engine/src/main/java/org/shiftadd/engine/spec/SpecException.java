package org.shiftadd.engine.spec;

import java.util.List;
import org.shiftadd.engine.InputException;

/** An invalid spec, with every problem found, each starting with its field path. */
public final class SpecException extends InputException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final List<String> problems;

    /**
     * Creates the exception.
     *
     * @param source the spec file name or another label of where the spec came from
     * @param problems one line per problem, for example
     *     {@code train.epochs: must be an integer >= 1, found 0}
     */
    public SpecException(String source, List<String> problems) {
        super(format(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** Returns where the spec came from. */
    public String source() {
        return source;
    }

    /** Returns the problems, one line each. */
    public List<String> problems() {
        return problems;
    }

    private static String format(String source, List<String> problems) {
        StringBuilder text = new StringBuilder("invalid spec ").append(source).append(": ")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
        for (String problem : problems) {
            text.append(System.lineSeparator()).append("  ").append(problem);
        }
        return text.toString();
    }
}
