package io.conntrack4j.cli.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A protocol extension described by tables, as conntrack's are: its option columns, the legality of each column per
 * command, the option pairs one of which a create or get needs, and the two messages for an incomplete pair.
 */
class TableProtocol extends ProtoHandler {
    private final String name;
    private final int number;
    private final List<ProtoColumn> columns;
    private final Map<Cmd, String> legality;
    private final String origPairMessage;
    private final String replyPairMessage;
    private final String help;

    /**
     * @param name             the protocol name
     * @param number           the protocol number
     * @param columns          the options, in flag-bit order
     * @param legality         per command, one digit per column (absent: all illegal)
     * @param origPairMessage  the message when neither pair is complete and the original one was started or none
     * @param replyPairMessage the message when the reply pair was started
     * @param help             the help lines
     */
    TableProtocol(final String name, final int number, final List<ProtoColumn> columns,
                  final Map<Cmd, String> legality, final String origPairMessage, final String replyPairMessage,
                  final String help) {
        this.name = name;
        this.number = number;
        this.columns = List.copyOf(columns);
        this.legality = new EnumMap<>(legality);
        this.origPairMessage = origPairMessage;
        this.replyPairMessage = replyPairMessage;
        this.help = help;
    }

    @Override
    final String name() {
        return name;
    }

    @Override
    final int number() {
        return number;
    }

    @Override
    final List<Getopt.LongOption> options() {
        final List<Getopt.LongOption> options = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            for (final String longName : columns.get(i).longNames()) {
                options.add(new Getopt.LongOption(longName, Getopt.Arg.REQUIRED, i));
            }
        }
        return options;
    }

    @Override
    final void parse(final int code, final String argument, final Template t) {
        t.protoOptions |= 1 << code;
        columns.get(code).setter().accept(t, argument);
    }

    @Override
    void finalCheck(final Cmd command, final Template t) {
        final String row = legality.getOrDefault(command, "");
        final int partial = OptionCheck.check(t.protoOptions, columns.size(),
            i -> i < row.length() ? row.charAt(i) - '0' : 0, i -> columns.get(i).flagName(),
            origPairMessage == null ? new int[0] : new int[] {0b11, 0b1100});
        if (partial == 1) {
            throw CliFailure.parameter(replyPairMessage);
        }
        if (partial != -2) {
            throw CliFailure.parameter(origPairMessage);
        }
    }

    @Override
    final String help() {
        return help;
    }
}
