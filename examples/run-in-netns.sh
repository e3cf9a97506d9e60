#!/bin/sh
# Runs one example on the real kernel, safely: inside a fresh network namespace (unshare --net, lo up) whose
# conntrack table is empty and private, after seeding it with a few flows (SeedFlows, with the library itself).
# The host's table is never read or changed. Needs root (CAP_NET_ADMIN), unshare (util-linux) and ip (iproute2).
#
#   sudo examples/run-in-netns.sh Automation
#   sudo examples/run-in-netns.sh EventWatcher real
#
# Build first with the README's build command: mvn -q install -DskipTests -DskipITs
# CT4J_TARGET  the build directory's name (default target; see -Dct4j.targetName)
# JAVA         the java to run (default: $JAVA_HOME/bin/java, else java on the PATH)
# CT4J_SEED    set to 0 to start with an empty table
set -eu
if [ $# -lt 1 ]; then
  echo "usage: sudo $0 <MainClass> [args...]   e.g. Automation, EventWatcher real" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd -P)
dir="$root/examples/${CT4J_TARGET:-target}"
if [ ! -f "$dir/classpath.txt" ] || [ ! -d "$dir/classes" ]; then
  echo "$0: $dir is not built; build first: mvn -q install -DskipTests -DskipITs" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "$0: needs root (a network namespace and CAP_NET_ADMIN inside it); try: sudo $0 $*" >&2
  exit 1
fi
for tool in unshare ip; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$0: $tool is not installed" >&2; exit 1; }
done
main=$1
shift
case $main in
  *.*) ;;
  *) main="io.conntrack4j.examples.$main" ;;
esac
# ctnetlink may be a module: load it here, as the namespace cannot
modprobe nf_conntrack_netlink 2>/dev/null || true

CT4J_JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
CT4J_CP="$dir/classes:$(cat "$dir/classpath.txt")"
# the namespace we start in: PrivateNamespace compares it with its own before writing to the table
CT4J_HOST_NETNS=$(readlink /proc/self/ns/net)
CT4J_SEED=${CT4J_SEED:-1}
export CT4J_JAVA CT4J_CP CT4J_HOST_NETNS CT4J_SEED

exec unshare --net sh -c '
  set -e
  ip link set lo up
  echo "== private network namespace $(readlink /proc/self/ns/net) (host: $CT4J_HOST_NETNS), lo up"
  if [ "$CT4J_SEED" != 0 ]; then
    "$CT4J_JAVA" -cp "$CT4J_CP" io.conntrack4j.examples.SeedFlows
  fi
  exec "$CT4J_JAVA" -cp "$CT4J_CP" "$@"' run-in-netns "$main" "$@"
