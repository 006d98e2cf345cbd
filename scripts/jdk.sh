# Sourced by the scripts: makes JAVA_HOME point at a JDK >= 21 (this project's Java version), keeping
# one that is already set and new enough, else taking the newest one under /usr/lib/jvm.
required=$(sed -n 's:.*<java.version>\([0-9]*\)</java.version>.*:\1:p' "$(dirname "${BASH_SOURCE[0]}")/../pom.xml" | head -n 1)

jdk_version() {  # prints the major version of the JDK at $1, or nothing
  [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}

pick_jdk() {
  local candidate version best="" best_version=0
  if [ -n "${JAVA_HOME:-}" ]; then
    version=$(jdk_version "$JAVA_HOME")
    if [ -n "$version" ] && [ "$version" -ge "$required" ]; then echo "$JAVA_HOME"; return; fi
  fi
  for candidate in /usr/lib/jvm/*; do
    version=$(jdk_version "$candidate")
    if [ -n "$version" ] && [ "$version" -ge "$required" ] && [ "$version" -gt "$best_version" ]; then
      best=$candidate; best_version=$version
    fi
  done
  echo "$best"
}

JAVA_HOME=$(pick_jdk)
if [ -z "$JAVA_HOME" ]; then
  echo "error: this project needs a JDK $required or newer; none found in JAVA_HOME or /usr/lib/jvm" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
