#!/usr/bin/env bash
# Benchmarks side by side with the official AWS SDK for Rust (issue 5).
#
#   bench/run.sh                   # RUNS=3 clean builds per side, alternating
#   RUNS=5 bench/run.sh
#   SKIP_BUILDS=1 bench/run.sh     # only per-call, generation and line counts
#   ONLY=sizes,full bench/run.sh   # only some of: calls,gen,lines,builds,sizes,full
#   PROFILE=size ONLY=builds,sizes RUNS=1 bench/run.sh   # the README's size profile
#
# Builds both sides (ours: bench/ours, theirs: bench/sdk-peer, each its own
# workspace with a committed Cargo.lock; the SDK side is built --locked, ours
# not, since ours follows this tree's own Cargo.toml files), measures them
# in the same run and prints one table (figure | ours | theirs | ratio).
# bench/README.md says what each figure measures. Needs cargo, python3,
# /usr/bin/time and valgrind; downloads crates from crates.io on first use.
# The full Image Builder model is read from $SMITHY_SHARED_DIR/models (by
# default ../shared next to the repository).
#
# Everything it writes is under bench/target-* (git-ignored); the results of
# each run are kept in bench/target-results/<date>/ (table.md, raw.tsv, logs).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
RUNS="${RUNS:-3}"
RUNS_FULL="${RUNS_FULL:-$RUNS}"  # rebuilds of each full service crate alone
CALLS="${CALLS:-50000}"       # timed calls per side and per run (batches of 1000)
CG_CALLS="${CG_CALLS:-200}"   # callgrind: N and 2N calls
GEN_RUNS="${GEN_RUNS:-21}"    # generations of the full Image Builder model
CORPUS_RUNS="${CORPUS_RUNS:-5}"
SHARED="${SMITHY_SHARED_DIR:-$ROOT/../shared}"
FULL_MODEL="$SHARED/models/imagebuilder-2019-12-02.json"

[[ -f "$FULL_MODEL" ]] || { echo "run.sh: $FULL_MODEL not found (set SMITHY_SHARED_DIR)" >&2; exit 1; }
for tool in cargo python3 /usr/bin/time valgrind strip; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 1; }
done

OUT="$BENCH/target-results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
RAW="$OUT/raw.tsv"
: >"$RAW"
LOG="$OUT/build.log"
export CARGO_TERM_COLOR=never CARGO_TERM_PROGRESS_WHEN=never
unset RUSTFLAGS CARGO_BUILD_RUSTFLAGS CARGO_ENCODED_RUSTFLAGS || true
# PROFILE=size builds both sides (every part of the run) with the release
# profile the README recommends for a small program, instead of cargo's
# default one: opt-level "z", fat LTO, one codegen unit, panic=abort, strip.
PROFILE="${PROFILE:-default}"
case "$PROFILE" in
    default) ;;
    size)
        export CARGO_PROFILE_RELEASE_OPT_LEVEL=z CARGO_PROFILE_RELEASE_LTO=fat \
            CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_PANIC=abort \
            CARGO_PROFILE_RELEASE_STRIP=symbols
        ;;
    *) echo "run.sh: PROFILE is default or size, not $PROFILE" >&2; exit 1 ;;
esac

OURS="$BENCH/ours/Cargo.toml"
THEIRS="$BENCH/sdk-peer/Cargo.toml"
REPORT=(python3 "$BENCH/report.py")

say() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
record() { printf '%s\t%s\n' "$1" "$2" >>"$RAW"; }

machine() {
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo)"
    echo "rustc: $(rustc --version)"
    echo "cargo: $(cargo --version)"
    echo "load average at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "PROFILE=$PROFILE RUNS=$RUNS RUNS_FULL=$RUNS_FULL ONLY=$ONLY CALLS=$CALLS CG_CALLS=$CG_CALLS GEN_RUNS=$GEN_RUNS CORPUS_RUNS=$CORPUS_RUNS"
}
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"

# ONLY=calls,gen,lines,builds,sizes,full runs only those parts (default: all).
ONLY="${ONLY:-calls,gen,lines,builds,sizes,full}"
[[ "${SKIP_BUILDS:-0}" == 1 ]] && ONLY="${ONLY//builds/}" && ONLY="${ONLY//sizes/}" && ONLY="${ONLY//full/}"
part() { [[ ",$ONLY," == *",$1,"* ]]; }

# Runs `cargo build --release ARGS...` under /usr/bin/time -v with target dir
# $1 and records wall, CPU (user+sys of cargo and every rustc/linker/build
# script it waited for) and peak RSS (of the largest single process) as
# $2.wall, $2.cpu, $2.rss.
timed_build() {
    local target="$1" key="$2"; shift 2
    local timefile="$OUT/$key.$(date +%s%N).time"
    echo "== $key: cargo build --release $*" >>"$LOG"
    if ! CARGO_TARGET_DIR="$target" /usr/bin/time -v -o "$timefile" \
        cargo build --release --offline "$@" >>"$LOG" 2>&1; then
        echo "run.sh: build failed ($key); see $LOG" >&2
        tail -n 30 "$LOG" >&2
        exit 1
    fi
    local wall cpu rss
    read -r wall cpu rss < <("${REPORT[@]}" timev "$timefile")
    record "$key.wall" "$wall"; record "$key.cpu" "$cpu"; record "$key.rss" "$rss"
    say "$key: ${wall} s wall, ${cpu} s CPU, ${rss} MB peak RSS"
}

# Clean release build of package $3 of workspace $2 into an empty target dir.
clean_build() {
    local key="$1" manifest="$2" package="$3"
    local target="$BENCH/target-clean/$key"
    rm -rf "$target"
    timed_build "$target" "$key" $LOCKED --manifest-path "$manifest" -p "$package"
}

trap 'echo "run.sh: failed at line $LINENO; the end of $LOG:" >&2; tail -n 20 "$LOG" >&2' ERR
say "results in $OUT"
say "fetching crates (not timed)"
cargo fetch --manifest-path "$OURS" >>"$LOG" 2>&1
cargo fetch --locked --manifest-path "$THEIRS" >>"$LOG" 2>&1

# ---------------------------------------------------------------- 2. full service crates
say "generating the full Image Builder crate from $FULL_MODEL"
GEN="$BENCH/target-gen/imagebuilder-full"
rm -rf "$GEN"
CARGO_TARGET_DIR="$BENCH/target-tools" cargo run --release \
    --manifest-path "$ROOT/Cargo.toml" -p smithy-codegen -- \
    generate --model "$FULL_MODEL" --out "$GEN" --runtime-path "$ROOT/runtime" >>"$LOG" 2>&1
# A workspace of its own (it sits inside this repository's tree), and the
# bench's locked dependency versions.
printf '\n[workspace]\n' >>"$GEN/Cargo.toml"
cp "$BENCH/ours/Cargo.lock" "$GEN/Cargo.lock"
GEN_PACKAGE="$(sed -n 's/^name = "\(.*\)"/\1/p' "$GEN/Cargo.toml" | head -n1)"
SDK_VERSION="$(awk '/^name = "aws-sdk-imagebuilder"/ {getline; gsub(/version = |"/, ""); print}' "$BENCH/sdk-peer/Cargo.lock")"

# ---------------------------------------------------------------- 6. lines of Rust
if part lines; then
count_lines() { find "$@" -name '*.rs' -print0 | xargs -0 cat | wc -l; }
REGISTRY="$(dirname "$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -maxdepth 2 -type d -name "aws-sdk-imagebuilder-$SDK_VERSION" | head -n1)")"
record lines.ours "$(count_lines "$GEN/src")"
record lines.theirs "$(count_lines "$REGISTRY/aws-sdk-imagebuilder-$SDK_VERSION/src")"
record lines.ours.runtime "$(count_lines "$ROOT/runtime/src")"
THEIR_RUNTIME=()
while read -r name version; do
    [[ "$name" == aws-sdk-imagebuilder || "$name" == aws-lc-* ]] && continue
    THEIR_RUNTIME+=("$REGISTRY/$name-${version#v}/src")
done < <(cargo tree --offline --locked --manifest-path "$THEIRS" -p sdk-app -e normal --prefix none \
    | awk '$1 ~ /^aws-/ {print $1, $2}' | sort -u)
record lines.theirs.runtime "$(count_lines "${THEIR_RUNTIME[@]}")"
fi

# ---------------------------------------------------------------- 4. per call
if part calls || part gen; then
say "building the per-call and generation benchmarks (not timed)"
CARGO_TARGET_DIR="$BENCH/target-dev" cargo build --release --offline \
    --manifest-path "$OURS" -p ours-percall -p ours-genbench >>"$LOG" 2>&1
CARGO_TARGET_DIR="$BENCH/target-dev-sdk" cargo build --release --locked --offline \
    --manifest-path "$THEIRS" -p sdk-percall >>"$LOG" 2>&1
fi
OURS_CALL="$BENCH/target-dev/release/ours-percall"
if part calls; then
THEIRS_CALL="$BENCH/target-dev-sdk/release/sdk-percall"
for outcome in ok err; do
    for ((i = 1; i <= RUNS; i++)); do
        record "call.$outcome.ours.ns" "$("$OURS_CALL" time "$outcome" "$CALLS" 1000)"
        record "call.$outcome.theirs.ns" "$("$THEIRS_CALL" time "$outcome" "$CALLS" 1000)"
    done
    say "per call ($outcome): timed"
    # Instructions per call: (calls(2N) - calls(N)) - (prep(2N) - prep(N)), / N,
    # so process setup, client construction and queuing the canned responses
    # cancel out.
    for side in ours theirs; do
        binary="$OURS_CALL"; [[ $side == theirs ]] && binary="$THEIRS_CALL"
        declare -A ir=()
        for mode in count prep; do
            for n in "$CG_CALLS" $((2 * CG_CALLS)); do
                valgrind --tool=callgrind --callgrind-out-file=/dev/null \
                    "$binary" "$mode" "$outcome" "$n" 2>"$OUT/cg.$side.$outcome.$mode.$n.txt" >/dev/null
                ir[$mode.$n]="$("${REPORT[@]}" ir "$OUT/cg.$side.$outcome.$mode.$n.txt")"
            done
        done
        record "call.$outcome.$side.ir" "$(( ( (ir[count.$((2 * CG_CALLS))] - ir[count.$CG_CALLS]) - (ir[prep.$((2 * CG_CALLS))] - ir[prep.$CG_CALLS]) ) / CG_CALLS ))"
        unset ir
    done
    say "per call ($outcome): callgrind"
done
fi

# ---------------------------------------------------------------- 5. generation
if part gen; then
GENBENCH="$BENCH/target-dev/release/ours-genbench"
"$GENBENCH" "$GEN_RUNS" "$FULL_MODEL" >"$OUT/gen-ib.tsv"
record gen.ib.ms "$(cut -f3 "$OUT/gen-ib.tsv")"
say "generation of the full Image Builder model: $(cut -f3 "$OUT/gen-ib.tsv") ms (median of $GEN_RUNS)"
say "generating every model of the corpus ($CORPUS_RUNS times each)"
"$GENBENCH" "$CORPUS_RUNS" "$SHARED"/models/*.json >"$OUT/corpus.tsv"
fi

if part builds; then
# ---------------------------------------------------------------- 1. clean builds, A/B
for ((i = 1; i <= RUNS; i++)); do
    say "clean builds, round $i of $RUNS"
    LOCKED= clean_build app.ours "$OURS" ours-app
    LOCKED=--locked clean_build app.theirs "$THEIRS" sdk-app
    LOCKED= clean_build builddep.ours "$OURS" ours-builddep
done

fi

# ---------------------------------------------------------------- 3. binary sizes
# Of the programs of the last clean build round (of this run or an earlier one).
if part sizes; then
size_of() {
    local key="$1" binary="$2"
    record "size.$key.unstripped" "$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$binary")"
    strip -o "$OUT/$key.stripped" "$binary"
    record "size.$key.stripped" "$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$OUT/$key.stripped")"
    rm -f "$OUT/$key.stripped"
}
size_of ours "$BENCH/target-clean/app.ours/release/ours-app"
size_of theirs "$BENCH/target-clean/app.theirs/release/sdk-app"
# The HTTPS stack alone (bench/ours/floor), in the target dir of ours-app
# so only the program itself is compiled.
CARGO_TARGET_DIR="$BENCH/target-clean/app.ours" cargo build --release --offline \
    --manifest-path "$OURS" -p ours-floor >>"$LOG" 2>&1
size_of floor "$BENCH/target-clean/app.ours/release/ours-floor"
# The same program without client-side `@pattern` validation (the SDK
# checks no patterns): its own target dir, so the clean build's binary stays.
CARGO_TARGET_DIR="$BENCH/target-clean/app.ours-lean" cargo build --release --offline \
    --manifest-path "$OURS" -p ours-app --no-default-features >>"$LOG" 2>&1
size_of lean "$BENCH/target-clean/app.ours-lean/release/ours-app"

fi

# ---------------------------------------------------------------- 2. full service crates, built
# Each crate alone, its dependencies already built: in the target directory
# of the last clean build of each side's program (built first if absent),
# `cargo clean -p` the crate and time its rebuild. Theirs is rebuilt through
# `-p sdk-app` so that its dependencies keep the program's features (which
# adds compiling the program's main.rs and relinking it, a few seconds).
if part full; then
T_OURS="$BENCH/target-clean/app.ours"
T_THEIRS="$BENCH/target-clean/app.theirs"
say "full service crates: building each once with its dependencies (not timed)"
CARGO_TARGET_DIR="$T_OURS" cargo build --release --offline --manifest-path "$GEN/Cargo.toml" -p "$GEN_PACKAGE" >>"$LOG" 2>&1
CARGO_TARGET_DIR="$T_THEIRS" cargo build --release --offline --locked --manifest-path "$THEIRS" -p sdk-app >>"$LOG" 2>&1
for ((i = 1; i <= RUNS_FULL; i++)); do
    say "full service crates alone, round $i of $RUNS_FULL"
    CARGO_TARGET_DIR="$T_OURS" cargo clean --release --offline \
        --manifest-path "$GEN/Cargo.toml" -p "$GEN_PACKAGE" >>"$LOG" 2>&1
    timed_build "$T_OURS" alone.ours --manifest-path "$GEN/Cargo.toml" -p "$GEN_PACKAGE"
    CARGO_TARGET_DIR="$T_THEIRS" cargo clean --release --offline --locked \
        --manifest-path "$THEIRS" -p aws-sdk-imagebuilder >>"$LOG" 2>&1
    timed_build "$T_THEIRS" alone.theirs --locked --manifest-path "$THEIRS" -p sdk-app
done
fi

# ---------------------------------------------------------------- the table
{
    machine
    echo "ours: generated/imagebuilder + smithy-runtime (this tree); theirs: aws-sdk-imagebuilder $SDK_VERSION + aws-config $(awk '/^name = "aws-config"/ {getline; gsub(/version = |"/, ""); print}' "$BENCH/sdk-peer/Cargo.lock")"
    echo
    "${REPORT[@]}" table "$RAW"
    if [[ -f "$OUT/corpus.tsv" ]]; then
        echo
        "${REPORT[@]}" corpus "$OUT/corpus.tsv"
    fi
} | tee "$OUT/table.md"
