#!/usr/bin/env bash
# Every benchmark in one run, written into BENCHMARKS.md (the blocks between <!-- bench:NAME --> markers).
#   ./bench.sh                      ~18 min on 2 cores: package, archiver/decoding/cold start, kda/ job, REST
#                                   aggregates, end-to-end alarm latency, site prober
# Sizes (environment): BENCH_ARCHIVER_SIZES (10000,100000,300000), BENCH_COLDSTART_RUNS (5),
# BENCH_KDA_SIZES (10000,100000,1000000), BENCH_API_ROWS (200000), BENCH_API_REPETITIONS (10),
# BENCH_FLOODS (20 per way), BENCH_PROBES (300 per kind), BENCH_CHECKS (500 in a round); BENCH_SKIP="kda api latency
# prober coldstart" leaves those out (their blocks stay as they were).
set -euo pipefail
cd "$(dirname "$0")"

archiver_sizes=${BENCH_ARCHIVER_SIZES:-10000,100000,300000}
coldstart_runs=${BENCH_COLDSTART_RUNS:-5}
kda_sizes=${BENCH_KDA_SIZES:-10000,100000,1000000}
api_rows=${BENCH_API_ROWS:-200000}
api_repetitions=${BENCH_API_REPETITIONS:-10}
floods=${BENCH_FLOODS:-20}
probes=${BENCH_PROBES:-300}
checks=${BENCH_CHECKS:-500}
skip=" ${BENCH_SKIP:-} "
out=target/bench
mkdir -p "$out"

started=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
step() { echo "[bench.sh $(date +%T)] $*" >&2; }

step "package (one per function: target/packages, whose cold start is measured)"
./mvnw -B -q -Dkda.skip -DskipTests package

step "archiver, decoding"
./mvnw -B -q -Pbench -Dkda.skip test-compile exec:exec \
    -Dbench.args="--sizes $archiver_sizes --out $out/app.md"

if [[ $skip != *" coldstart "* ]]; then
    step "cold start of each package, $coldstart_runs launches each, beside a bare Quarkus Lambda"
    ./mvnw -B -q -Pbench -Dkda.skip test-compile exec:exec -Dbench.main=dev.sitewatch.packages.ColdStartBench \
        -Dbench.args="--runs $coldstart_runs --out $out/coldstart.md"
fi

if [[ $skip != *" kda "* ]]; then
    step "flood detection job (kda/)"
    ./mvnw -B -q -f kda/pom.xml -Pbench -DskipTests test-compile exec:exec -Dbench.sizes="$kda_sizes" \
        | tee "$out/kda.log"
fi
if [[ $skip != *" api "* ]]; then
    step "REST aggregates"
    ./mvnw -B -q -Pbench-api -Dkda.skip test-compile exec:java -Dbench.rows="$api_rows" \
        -Dbench.repetitions="$api_repetitions" | tee "$out/api.log"
fi
if [[ $skip != *" latency "* ]]; then
    step "end-to-end alarm latency ($floods floods each way)"
    ./mvnw -B -q -Dkda.skip -Dtest=AlarmLatencyBench -Dsurefire.failIfNoSpecifiedTests=false -Dbench.floods="$floods" test
fi

if [[ $skip != *" prober "* ]]; then
    step "site prober: overhead per check, a round of $checks checks"
    ./mvnw -B -q -Pbench-probe -Dkda.skip test-compile exec:java \
        -Dbench.probe.args="--probes $probes --checks $checks --out $out/prober.md"
fi

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
minutes=$(awk -v s=$(( $(date +%s) - started )) 'BEGIN { printf "%.1f", s / 60 }')
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
java_version=$(java -version 2>&1 | head -1)
cat > "$out/run.md" <<RUN
- **Date**: $(date -u +'%Y-%m-%d %H:%M UTC'); **machine**: $(nproc) cores ($cpu), $mem RAM; $java_version.
- **Command**: \`./bench.sh\` (archiver sizes $archiver_sizes, $coldstart_runs cold starts, kda sizes $kda_sizes,
  API $api_rows rows × $api_repetitions repetitions, $floods floods each way, $probes probes, $checks checks); took $minutes min.
- **Load average** (1, 5, 15 min) before: $load_before; after: $load_after.
RUN

# Markdown the kda/ and API benches print (tables, headings, their summary lines), without Maven's or the log's lines.
markdown() { grep -E '^(\||#|[A-Z][a-z]+[^\[]*[0-9]|[0-9][0-9,]* [a-z])' "$1" | grep -vE '^(SLF4J|WARNING|Exception)' || true; }

# Replaces the block <!-- bench:$1 --> ... <!-- /bench:$1 --> in BENCHMARKS.md with the file $2.
replace_block() {
    awk -v name="$1" -v file="$2" '
        $0 == "<!-- bench:" name " -->" { print; while ((getline line < file) > 0) print line; skipping = 1; next }
        $0 == "<!-- /bench:" name " -->" { skipping = 0 }
        !skipping { print }' BENCHMARKS.md > "$out/BENCHMARKS.md.new"
    grep -q "^<!-- bench:$1 -->$" BENCHMARKS.md || { echo "BENCHMARKS.md has no block bench:$1" >&2; exit 1; }
    mv "$out/BENCHMARKS.md.new" BENCHMARKS.md
}

replace_block run "$out/run.md"
replace_block app "$out/app.md"
if [[ $skip != *" coldstart "* ]]; then replace_block coldstart "$out/coldstart.md"; fi
if [[ $skip != *" kda "* ]]; then markdown "$out/kda.log" > "$out/kda.md"; replace_block kda "$out/kda.md"; fi
if [[ $skip != *" api "* ]]; then markdown "$out/api.log" > "$out/api.md"; replace_block api "$out/api.md"; fi
if [[ $skip != *" latency "* ]]; then replace_block alarm-latency "$out/alarm-latency.md"; fi
if [[ $skip != *" prober "* ]]; then replace_block prober "$out/prober.md"; fi
step "BENCHMARKS.md updated ($minutes min)"
