#!/bin/sh
# Writes what bin/conntrack4j starts with (most of a short command's time is JVM start-up and class loading).
# Runs at `mvn package` of conntrack-cli. The training creates and deletes entries, so it runs only inside a
# private network namespace: as root with unshare(1) and ip(8). Elsewhere nothing is written and the CLI starts
# slower, but works the same.
#   1. conntrack-cli.jsa: a class-data archive for the java that builds (-XX:ArchiveClassesAtExit, Java 17+).
#   2. If a java with ahead-of-time caches is found (JEP 483/514/515, Java 25+): conntrack-cli.aot, trained on the
#      same command lines, conntrack-cli-count.aot, trained on `-C` alone (the launcher's count path loads a few
#      dozen classes: a cache of them all would cost it ~35 ms of mapping), and conntrack-cli.aot-java, the path of
#      that java. The launcher then runs that java. CT4J_AOT_JAVA names the java to use; CT4J_AOT_JAVA=none
#      skips this step. Without it, the java of JAVA_HOME, then the newest under /usr/lib/jvm, is tried.
#   $1  the module's build directory (holding conntrack-cli.jar)
dir=$1
jar="$dir/conntrack-cli.jar"
archive="$dir/conntrack-cli.jsa"
rm -f "$archive" "$dir/conntrack-cli.aot" "$dir/conntrack-cli-count.aot" "$dir/conntrack-cli.aot-java"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null 2>&1 || ! command -v ip >/dev/null 2>&1 \
   || ! unshare --net true 2>/dev/null; then
  echo "conntrack4j: no class-data archive (needs root and a private network namespace); the CLI starts slower"
  exit 0
fi

# Runs "$@" in a fresh network namespace with lo up.
in_netns() {
  unshare --net sh -c 'ip link set lo up && exec "$0" "$@"' "$@"
}

in_netns "$java" -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -cp "$jar" io.conntrack4j.cli.internal.CdsTraining \
  || { echo "conntrack4j: class-data training failed; no archive"; rm -f "$archive"; }

# True if java $1 can write an ahead-of-time cache in one step.
has_aot_cache() {
  [ -x "$1" ] && "$1" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput '
}

aot_java=
case ${CT4J_AOT_JAVA:-} in
  none) ;;
  ?*) has_aot_cache "$CT4J_AOT_JAVA" && aot_java=$CT4J_AOT_JAVA ;;
  *)
    for candidate in "$java" $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do
      candidate=$(command -v "$candidate" 2>/dev/null) || continue
      if has_aot_cache "$candidate"; then aot_java=$candidate; break; fi
    done ;;
esac
[ -n "$aot_java" ] || exit 0

native=$(ls -d "$dir"/native/com/sun/jna/linux-* 2>/dev/null | head -1)
opts="-XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -Xlog:aot=off -Xlog:cds=off ${native:+-Djna.boot.library.path=$native}"
if in_netns "$aot_java" $opts -XX:AOTCacheOutput="$dir/conntrack-cli.aot" \
     -cp "$jar" io.conntrack4j.cli.internal.CdsTraining >/dev/null 2>&1 \
   && in_netns "$aot_java" $opts -XX:AOTCacheOutput="$dir/conntrack-cli-count.aot" -jar "$jar" -C >/dev/null 2>&1 \
   && [ -f "$dir/conntrack-cli.aot" ] && [ -f "$dir/conntrack-cli-count.aot" ]; then
  echo "$aot_java" > "$dir/conntrack-cli.aot-java"
else
  echo "conntrack4j: ahead-of-time cache training with $aot_java failed; the launcher uses $java"
  rm -f "$dir/conntrack-cli.aot" "$dir/conntrack-cli-count.aot"
fi
exit 0
