package io.conntrack4j.cli.internal;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * One option of a protocol extension: the name its checks print, the long names that select it, and how its
 * argument goes into the template.
 *
 * @param flagName  the name error messages print
 * @param longNames the long option names, in conntrack's table order
 * @param setter    stores the argument
 */
record ProtoColumn(String flagName, List<String> longNames, BiConsumer<Template, String> setter) {
}
