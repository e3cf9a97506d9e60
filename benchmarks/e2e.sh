#!/usr/bin/env bash
# End-to-end benchmark: conntrack4j against the C conntrack (conntrack-tools 1.4.7) on a real kernel table.
#
#   sudo benchmarks/e2e.sh [--flows 100000] [--reps 7] [--warmup-flows 10000] [--events-buffer 268435456]
#                          [--scenarios dump,list,delete,create,events,cli-list,cli-list-filtered,cli-delete,cli-count]
#                          [--cli-count-runs 20] [--rebuild] [--rebuild-cli]
#
# Root only. It creates a private network namespace (ct4j-e2e-<pid>, deleted on exit, Ctrl-C included), fills the
# conntrack table THERE (never the host's) and starts ONE JVM in it (io.conntrack4j.benchmarks.e2e.E2eMain). That
# JVM warms up on a small table, then times every scenario --reps times, ours and the C tool's alternately, on the
# same table in the same run, checks the counts of every run on both sides, and prints one line per scenario:
# median ours, median theirs, ratio ours/theirs, target, MET/MISSED, the range of the per-repetition ratios.
# Our times are library calls in the warm JVM (JVM start-up is NOT included); the C tool's are whole processes
# started from the JVM (process start-up included, stdout to /dev/null). Except in the cli-* scenarios (below),
# where ours is the whole bin/conntrack4j process too, JVM start-up included.
#
# Scenario `events` (alone: --scenarios events; at 100k flows 4.5-8 s per repetition, so 35-55 s of the
# default run): a burst of --flows new flows (ct.createAll, table flushed before) seen by a subscriber set
# up before it (untimed), in turn ours (ct.events().types(NEW).receiveBuffer(--events-buffer).subscribe(handler),
# 256 MiB by default), `conntrack -E -e NEW >file` and `conntrack -E -e NEW -b <same buffer> >file` (each started
# before the burst, known to listen once a probe flow's line is in its file, stopped with SIGTERM). Its line: the
# median time from the first create to the last event seen, ours and `conntrack -E`'s; MET if ours saw every flow
# exactly once with no overrun and no kernel drop (/proc/net/netlink) in every repetition; how many events
# `conntrack -E` saw; events/s. Notes (# lines): the -b variant, each subscriber's socket buffer (ss -m), one run
# with the library's default buffer, and the rate at which ours reads a 100k backlog queued before reading.
#
# Scenarios cli-* (CliScenarios.java): bin/conntrack4j (the whole process, its JVM start-up INCLUDED) against
# conntrack (the whole process), same arguments, same table, same namespace, alternating, --reps repetitions,
# stdout to /dev/null; every timed run must exit with 0 and report the expected count on stderr, and after every
# repetition an untimed run of each with stdout counted must print the expected number of lines:
#   cli-list           -L of the --flows table                                        target ours/theirs <= 0.80
#   cli-list-filtered  -L -p tcp --dport 443 (1% of the --flows table)                target <= 0.50
#   cli-delete         -D -p udp of --flows UDP flows (+1% TCP bystanders), table rebuilt before each run, untimed
#                                                                                     target <= 0.70
#   cli-count          -C, --cli-count-runs times                                     target: ours' median <= 150 ms
#   cli-list-1m        -L of a 1,000,000-flow table built once. OPT-IN (not in the default list): about 3 min
#                      at --reps 5 (2 vCPUs), and it needs net.netfilter.nf_conntrack_max >= 1,001,000. That sysctl is
#                      read-only inside a network namespace on this kernel (it mirrors the global one), so the
#                      script then raises the GLOBAL one to 2,000,000 and restores the old value on exit (Ctrl-C
#                      included). The hash size (nf_conntrack_buckets) is left alone: 1M flows in 262,144
#                      buckets is ~4 per bucket, which works; both tools dump the same table.
# The CLI: $root/bin/conntrack4j, whose jar is conntrack-cli/$CT4J_TARGET/conntrack-cli.jar (CT4J_TARGET,
# default target, is passed through to it). If that jar is missing (or with --rebuild-cli), the script builds it:
#   mvn -q -DskipTests -DskipITs -Dct4j.targetName=$CT4J_TARGET install -pl conntrack-cli -am
# (also trains its class-data archive). A jar older than the CLI's sources is NOT rebuilt (others may be editing
# them): the script warns and benchmarks the jar as it is; use --rebuild-cli.
#
# Build: if benchmarks/target/benchmarks.jar is missing, lacks the e2e classes, or is older than a source or pom
# of the modules it contains (or with --rebuild), it runs, from the repository root:
#   mvn -q -Dmaven.test.skip=true -pl benchmarks -am package        (skips compiling and running the tests)
# Environment: CT4J_TARGET_NAME (default target) builds into and runs benchmarks/$CT4J_TARGET_NAME/ via
# -Dct4j.targetName; CT4J_MVN_ARGS adds Maven arguments (e.g. -o); CT4J_E2E_JAVA_OPTS replaces the JVM options.
# The output is also saved to benchmarks/$CT4J_TARGET_NAME/e2e-last.txt.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
target=${CT4J_TARGET_NAME:-target}
jar=$root/benchmarks/$target/benchmarks.jar
main=io.conntrack4j.benchmarks.e2e.E2eMain

rebuild=no
rebuild_cli=no
scenarios=default
args=()
prev=
for a in "$@"; do
  [ "$prev" = --scenarios ] && scenarios=$a
  prev=$a
  case "$a" in
    --rebuild) rebuild=yes ;;
    --rebuild-cli) rebuild_cli=yes ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) args+=("$a") ;;
  esac
done

if [ "$(id -u)" -ne 0 ]; then
  echo "e2e.sh: must run as root: it creates a network namespace and fills, deletes and flushes the conntrack" >&2
  echo "table inside it (CAP_SYS_ADMIN, CAP_NET_ADMIN). The host's table is never touched. Try: sudo $0 $*" >&2
  exit 1
fi

for tool in ip conntrack java; do
  command -v "$tool" >/dev/null || { echo "e2e.sh: '$tool' not found (apt-get install iproute2 conntrack openjdk-17-jdk-headless)" >&2; exit 1; }
done

if [ "$rebuild" = no ]; then
  if [ ! -f "$jar" ]; then
    rebuild=yes; why="$jar is missing"
  elif listing=$(unzip -Z1 "$jar" 2>/dev/null || jar tf "$jar" 2>/dev/null || true) \
       && [[ "$listing" != *io/conntrack4j/benchmarks/e2e/E2eMain.class* ]]; then
    rebuild=yes; why="$jar lacks $main"
  else
    newer=$(cd "$root" && find pom.xml conntrack-dsl/pom.xml conntrack-netlink/pom.xml benchmarks/pom.xml \
      conntrack-dsl/src/main conntrack-netlink/src/main benchmarks/src/main -newer "$jar" -type f -print -quit)
    if [ -n "$newer" ]; then rebuild=yes; why="$newer is newer than $jar"; fi
  fi
else
  why="--rebuild"
fi
if [ "$rebuild" = yes ]; then
  command -v mvn >/dev/null || { echo "e2e.sh: need mvn to build ($why)" >&2; exit 1; }
  echo "e2e.sh: building ($why): mvn -q -Dmaven.test.skip=true -Dct4j.targetName=$target -pl benchmarks -am package" >&2
  # shellcheck disable=SC2086
  (cd "$root" && mvn -q ${CT4J_MVN_ARGS:-} -Dmaven.test.skip=true "-Dct4j.targetName=$target" -pl benchmarks -am package) >&2
fi

cli_args=()
if [ "$scenarios" = default ] || [[ ",$scenarios," == *,cli-* ]]; then
  cli=$root/bin/conntrack4j
  export CT4J_TARGET=${CT4J_TARGET:-target}
  cli_jar=$root/conntrack-cli/$CT4J_TARGET/conntrack-cli.jar
  if [ "$rebuild_cli" = yes ] || [ ! -f "$cli_jar" ]; then
    command -v mvn >/dev/null || { echo "e2e.sh: $cli_jar is missing and mvn is not installed to build it" >&2; exit 1; }
    echo "e2e.sh: building the CLI ($([ -f "$cli_jar" ] && echo --rebuild-cli || echo "$cli_jar is missing")):" \
      "mvn -q -DskipTests -DskipITs -Dct4j.targetName=$CT4J_TARGET install -pl conntrack-cli -am" >&2
    # shellcheck disable=SC2086
    (cd "$root" && mvn -q ${CT4J_MVN_ARGS:-} -DskipTests -DskipITs "-Dct4j.targetName=$CT4J_TARGET" install \
      -pl conntrack-cli -am) >&2 || { echo "e2e.sh: building the CLI failed" >&2; exit 1; }
    [ -f "$cli_jar" ] || { echo "e2e.sh: the build did not produce $cli_jar" >&2; exit 1; }
  else
    newer=$(cd "$root" && find pom.xml conntrack-cli/pom.xml conntrack-dsl/pom.xml conntrack-netlink/pom.xml \
      conntrack-cli/src/main conntrack-dsl/src/main conntrack-netlink/src/main -newer "$cli_jar" -type f -print -quit)
    if [ -n "$newer" ]; then
      echo "e2e.sh: WARNING: $newer is newer than $cli_jar; benchmarking the jar as it is (--rebuild-cli rebuilds it)" >&2
    fi
  fi
  cli_args=(--cli "$cli")
fi

modprobe nf_conntrack 2>/dev/null || true
modprobe nf_conntrack_netlink 2>/dev/null || true

ns=ct4j-e2e-$$
work=$(mktemp -d /tmp/ct4j-e2e.XXXXXX)
pid=
max_file=/proc/sys/net/netfilter/nf_conntrack_max
old_max=
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  ip netns del "$ns" 2>/dev/null || true
  if [ -n "$old_max" ] && [ "$(cat "$max_file")" = 2000000 ]; then
    echo "$old_max" > "$max_file" && echo "e2e.sh: global nf_conntrack_max restored to $old_max" >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "e2e.sh: interrupted" >&2; exit 130' INT TERM
outer=$(readlink /proc/self/ns/net)
ip netns add "$ns"

if [[ ",$scenarios," == *,cli-list-1m,* ]]; then
  # 1M flows need nf_conntrack_max > 1M in the namespace: per namespace if this kernel allows it, else the global
  # value (which namespaces mirror), restored by cleanup. The hash size is left alone (see the header).
  if ! ip netns exec "$ns" sh -c "echo 2000000 > $max_file" 2>/dev/null; then
    if [ "$(cat "$max_file")" -lt 2000000 ]; then
      old_max=$(cat "$max_file")
      echo 2000000 > "$max_file"
      echo "e2e.sh: nf_conntrack_max is read-only in a namespace: raised the GLOBAL one from $old_max to 2000000" \
        "for cli-list-1m (restored on exit)" >&2
    fi
  fi
  have=$(ip netns exec "$ns" cat "$max_file")
  if [ "$have" -lt 1001000 ]; then
    echo "e2e.sh: cli-list-1m needs nf_conntrack_max >= 1001000 in $ns, it is $have" >&2; exit 1
  fi
fi

java_opts=${CT4J_E2E_JAVA_OPTS:--Xms2g -Xmx2g -XX:+AlwaysPreTouch}
echo "e2e.sh: namespace $ns, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), kernel $(uname -r)," \
  "$(java -version 2>&1 | head -1), JVM options: $java_opts" >&2
# In the background so that a signal to this script reaches the trap at once (bash defers traps while a
# foreground child runs); the trap then stops the JVM and deletes the namespace (and its table with it).
# shellcheck disable=SC2086
ip netns exec "$ns" java $java_opts -cp "$jar" "$main" --outer-netns "$outer" --conntrack "$(command -v conntrack)" \
  --workdir "$work" --save "$root/benchmarks/$target/e2e-last.txt" ${cli_args[@]+"${cli_args[@]}"} \
  ${args[@]+"${args[@]}"} &
pid=$!
rc=0
wait "$pid" || rc=$?
pid=
# the chart of this run's ratios (BENCHMARKS.md shows benchmarks/e2e-ratios.png)
if [ -f "$root/benchmarks/$target/e2e-last.txt" ]; then
  java -Djava.awt.headless=true -cp "$jar" io.conntrack4j.benchmarks.e2e.RatioChart \
    "$root/benchmarks/$target/e2e-last.txt" "$root/benchmarks/$target/e2e-ratios.png" >&2 || true
fi
exit "$rc"
