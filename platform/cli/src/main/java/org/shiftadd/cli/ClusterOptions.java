package org.shiftadd.cli;

import picocli.CommandLine.Option;

/**
 * The cluster options of a command. The launcher reads them from the command line before
 * the platform starts, because the event bus joins the cluster at start-up. Here they are
 * declared so that picocli accepts them and shows them in the help.
 */
final class ClusterOptions {
    @Option(names = "--cluster",
            description = "Join a cluster of shiftadd processes through Hazelcast, so that "
                    + "decomposition requests run on every member that has the stage.")
    boolean cluster;

    @Option(names = "--cluster-members", paramLabel = "LIST",
            description = "Comma-separated addresses of other members, such as "
                    + "10.0.0.2,10.0.0.3:5702 (default: the --cluster-host address).")
    String members;

    @Option(names = "--cluster-host", paramLabel = "HOST",
            description = "Address that this member binds for Hazelcast and the event bus "
                    + "(default: 127.0.0.1, so only processes on this machine can join).")
    String host;

    @Option(names = "--cluster-port", paramLabel = "PORT",
            description = "First Hazelcast port to try; the next 19 are tried when it is "
                    + "taken (default: 5701).")
    Integer port;
}
