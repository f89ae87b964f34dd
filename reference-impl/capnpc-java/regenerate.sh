#!/bin/sh
# Regenerates the checked-in Java bindings for the Cap'n Proto schemas:
#   schemas/v1/ibridge.capnp -> reference-impl/core/src/generated/java/dev/ibridge/capnp/schema/Ibridge.java
#   src/test/resources/fixture.capnp -> src/test/generated/java/dev/ibridge/capnpc/fixture/Fixture.java
# Needs capnp (Debian package capnproto) and Maven. Run from anywhere; the drift tests
# (CapnpBindingsDriftTest, FixtureBindingsDriftTest) fail until this has been run after a schema change.
set -eu

module=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$module/../.." && pwd)
cd "$root"

mvn -o -q -pl reference-impl/capnpc-java compile
version=$(sed -n 's:.*<capnp.runtime.version>\(.*\)</capnp.runtime.version>.*:\1:p' pom.xml)
runtime="${HOME}/.m2/repository/org/capnproto/runtime/${version}/runtime-${version}.jar"
classpath="$module/target/classes:$runtime"

generate() { # schema package class output
  mkdir -p "$(dirname "$4")"
  capnp compile -o- "$1" | java -cp "$classpath" dev.ibridge.capnpc.CapnpcJava --package "$2" --class "$3" > "$4.tmp"
  mv "$4.tmp" "$4"
  echo "wrote $4"
}

generate schemas/v1/ibridge.capnp dev.ibridge.capnp.schema Ibridge \
  reference-impl/core/src/generated/java/dev/ibridge/capnp/schema/Ibridge.java
generate reference-impl/capnpc-java/src/test/resources/fixture.capnp dev.ibridge.capnpc.fixture Fixture \
  reference-impl/capnpc-java/src/test/generated/java/dev/ibridge/capnpc/fixture/Fixture.java
