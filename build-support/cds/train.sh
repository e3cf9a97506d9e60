#!/bin/sh
# Writes the class-data archive bin/conntrack4j starts with (half of a short command's time is class loading).
# Runs at `mvn package` of conntrack-cli. The training creates and deletes entries, so it runs only inside a
# private network namespace: as root with unshare(1) and ip(8). Elsewhere there is no archive and the CLI starts
# slower, but works the same.
#   $1  the module's build directory (holding conntrack-cli.jar)
dir=$1
archive="$dir/conntrack-cli.jsa"
rm -f "$archive"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null 2>&1 || ! command -v ip >/dev/null 2>&1 \
   || ! unshare --net true 2>/dev/null; then
  echo "conntrack4j: no class-data archive (needs root and a private network namespace); the CLI starts slower"
  exit 0
fi
unshare --net sh -c 'ip link set lo up && exec "$0" "$@"' "$java" -XX:ArchiveClassesAtExit="$archive" \
  -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$dir/conntrack-cli.jar" io.conntrack4j.cli.internal.CdsTraining \
  || { echo "conntrack4j: class-data training failed; no archive"; rm -f "$archive"; }
exit 0
