#!/bin/sh
# Regenerates the golden vectors in conformance-suite/vectors/v1 from VectorValues.
# Run from the repository root; then review `git diff conformance-suite/vectors`.
set -eu
cd "$(dirname "$0")/../.."
cp_file=conformance-suite/target/vectors.classpath
mvn -q -pl conformance-suite -am compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=runtime
java -cp "conformance-suite/target/classes:$(cat "$cp_file")" \
  dev.ibridge.conformance.vectors.VectorGenerator conformance-suite/vectors/v1
