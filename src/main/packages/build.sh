#!/usr/bin/env bash
# Builds one deployable per function from this one source tree, each by a Maven build of the root pom with that
# package's profile: -Dsitewatch.package=NAME selects its dependencies, its sources and the Quarkus profile NAME
# (application.properties), and writes target/packages/NAME (function.zip for a Lambda, quarkus-app/ for the API).
# Called by the package phase of ./mvnw package / verify (pom.xml, profile "app"); by hand:
#   src/main/packages/build.sh ./mvnw "order-archiver api" [native: false] [native container build: true]
set -euo pipefail
mvn=$1
packages=$2
native=${3:-false}
container_build=${4:-true}
cd "$(dirname "$0")/../../.."
mkdir -p target/packages
for package in $packages; do
    log=target/packages/$package.log
    started=$(date +%s)
    rm -rf "target/packages/$package" # nothing stale: a class or resource left from an earlier build would ship
    if ! "$mvn" -B -Dsitewatch.package="$package" -Dquarkus.native.enabled="$native" \
            -Dquarkus.native.container-build="$container_build" package >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "The package $package did not build: $log" >&2
        exit 1
    fi
    echo "[packages] $package built in $(( $(date +%s) - started )) s: target/packages/$package"
done
