# Sourced by ./mgda-unet and .ci/run: points JAVA_HOME at a JDK 25 or newer.
# Order: $JAVA_HOME if it is new enough, then `java` on the PATH, then the usual install folders.
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
jdk_ok() { [ -x "$1/bin/java" ] && v=$(java_major "$1/bin/java") && [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; }
pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && jdk_ok "$JAVA_HOME"; then return 0; fi
  if command -v java >/dev/null 2>&1; then
    local home; home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if jdk_ok "$home"; then export JAVA_HOME="$home"; return 0; fi
  fi
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2[5-9]* /usr/lib/jvm/*-2[5-9]* /usr/lib/jvm/jdk-2[5-9]* /opt/java/*2[5-9]* "$HOME"/.sdkman/candidates/java/2[5-9]*; do
    if jdk_ok "$d"; then export JAVA_HOME="$d"; return 0; fi
  done
  echo "mgda-unet needs a JDK 25 or newer (e.g. Temurin 25); none found. Set JAVA_HOME to one." >&2
  return 1
}
