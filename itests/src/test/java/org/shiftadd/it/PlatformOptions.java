package org.shiftadd.it;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ops4j.pax.exam.Option;

/** The Pax Exam configuration shared by every integration test: the runtime bundle set. */
final class PlatformOptions {
    private static final String SLF4J = "2.0.17";

    private PlatformOptions() {
    }

    static Option platform() {
        File directory = new File(System.getProperty("shiftadd.itest.bundles",
                "target/itest-bundles"));
        File[] jars = directory.listFiles((dir, name) -> name.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no bundles in " + directory.getAbsolutePath()
                    + "; run the tests through Maven (mvn verify)");
        }
        Arrays.sort(jars);
        List<Option> options = new ArrayList<>();
        for (File jar : jars) {
            options.add(bundle(jar.toURI().toString()));
        }
        options.add(junitBundles());
        // As in the launcher, SLF4J comes from the class path through the system bundle.
        options.add(systemPackages("org.slf4j;version=" + SLF4J, "org.slf4j.spi;version=" + SLF4J,
                "org.slf4j.event;version=" + SLF4J, "org.slf4j.helpers;version=" + SLF4J));
        options.add(cleanCaches());
        options.add(frameworkProperty("shiftadd.home")
                .value(System.getProperty("shiftadd.home")));
        return composite(options.toArray(Option[]::new));
    }
}
