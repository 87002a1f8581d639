#!/usr/bin/env bash
# Seeds the corpora and runs each fuzz target in turn, one process at a time.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#
# SECONDS_PER_TARGET defaults to 300; the targets to model, model_mutations,
# idl, response and protocol_response. Needs cargo-fuzz (`cargo install cargo-fuzz`); the stable
# toolchain is given nightly flags with RUSTC_BOOTSTRAP=1. Seed models are
# copied (never committed) from model/, tests/fixtures/, fuzz/seeds/models/
# and the smallest published models in $SMITHY_SHARED_DIR/models (default
# ../shared, as the tests read it). Corpora grow in fuzz/corpus/<target>/,
# crashes land in fuzz/artifacts/<target>/, logs in fuzz/logs/<target>.log.
#
# A target that crashes is restarted for the rest of its time (at most 5
# times), so one bug does not end the run; every crash is listed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-300}
shift || true
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    targets=(model model_mutations idl response protocol_response)
fi
shared=${SMITHY_SHARED_DIR:-../shared}
# How many of the smallest published models to seed with.
shared_seeds=${FUZZ_SHARED_SEEDS:-5}

export RUSTC_BOOTSTRAP=1
# No sanitizer: the project has no `unsafe` code (`#![forbid(unsafe_code)]`),
# and without ASan each target runs about twice as fast. Debug assertions
# (and so overflow checks) stay on.
build_flags=(--sanitizer none --debug-assertions)
triple=$(rustc -vV | sed -n 's/^host: //p')
bin_dir=fuzz/target/$triple/release

seed_models() {
    local dir=$1
    mkdir -p "$dir"
    cp model/imagebuilder.json "$dir/seed-imagebuilder.json"
    for file in tests/fixtures/*.json tests/fixtures/*/*.json fuzz/seeds/models/*.json; do
        [ -f "$file" ] || continue
        cp "$file" "$dir/seed-$(echo "$file" | tr '/' '_')"
    done
    if [ -d "$shared/models" ]; then
        # shellcheck disable=SC2012 # names are plain: service-yyyy-mm-dd.json
        ls -S -r "$shared/models"/*.json | sed -n "1,${shared_seeds}p" | while read -r file; do
            cp "$file" "$dir/seed-shared-$(basename "$file")"
        done
    else
        echo "note: $shared/models not found; seeding without published models" >&2
    fi
}

cargo fuzz build "${build_flags[@]}"

mkdir -p fuzz/logs
summary=()
for target in "${targets[@]}"; do
    corpus=fuzz/corpus/$target
    artifacts=fuzz/artifacts/$target
    mkdir -p "$corpus" "$artifacts"
    args=(-print_final_stats=1 -timeout=30 -rss_limit_mb=4096 "-artifact_prefix=$artifacts/")
    case $target in
        model)
            seed_models "$corpus"
            args+=(-dict=fuzz/dict/smithy.dict)
            ;;
        idl)
            # The IDL files of this folder and Smithy's own (protocol tests,
            # trait definitions, loader tests), when the shared folder is there.
            cp fuzz/seeds/idl/*.smithy "$corpus/"
            if [ -d "$shared/smithy" ]; then
                find "$shared/smithy" -name '*.smithy' -size -16k | head -n 300 | while read -r file; do
                    cp "$file" "$corpus/seed-$(echo "$file" | tr '/' '_')"
                done
            fi
            ;;
        protocol_response)
            # One folder of hand-written responses per protocol.
            for file in fuzz/seeds/responses/*/*; do
                cp "$file" "$corpus/seed-$(echo "$file" | tr '/' '_')"
            done
            args+=(-dict=fuzz/dict/responses.dict)
            ;;
        model_mutations)
            seed_models "$corpus"
            # Mutations may grow a model past the largest seed.
            args+=(-max_len=262144)
            ;;
    esac
    log=fuzz/logs/$target.log
    : >"$log"
    before=$(ls "$artifacts" | wc -l)
    echo "== $target: ${seconds}s, corpus $(ls "$corpus" | wc -l) files, log $log"
    deadline=$(($(date +%s) + seconds))
    execs=0 fuzz_time=0 runs=0 statuses=""
    while [ "$runs" -lt 6 ]; do
        remaining=$((deadline - $(date +%s)))
        [ "$remaining" -gt 0 ] || break
        runs=$((runs + 1))
        segment=$(mktemp)
        start=$(date +%s)
        status=0
        "$bin_dir/$target" "$corpus" "${args[@]}" -max_total_time="$remaining" >"$segment" 2>&1 || status=$?
        fuzz_time=$((fuzz_time + $(date +%s) - start))
        cat "$segment" >>"$log"
        # The final stats; after a crash that printed none (a stack overflow
        # without a sanitizer), the last status line's count.
        count=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$segment" | grep -o '[0-9]*$' | tail -n 1 || true)
        if [ -z "$count" ]; then
            count=$(grep -o '^#[0-9]*' "$segment" | tr -d '#' | tail -n 1 || true)
        fi
        execs=$((execs + ${count:-0}))
        statuses="$statuses $status"
        if [ "$status" -ne 0 ]; then
            echo "  run $runs exited with $status:"
            grep -m 2 -E "panicked at|ERROR: libFuzzer|deadly signal" "$segment" | sed 's/^/    /' || true
            if [ "$status" -ge 128 ] && ! grep -q "Test unit written" "$segment"; then
                echo "    (killed by a signal with no artifact: likely a stack overflow; rerun with"
                echo "     SMITHY_FUZZ_LAST_INPUT=/tmp/last to keep each input, see fuzz/README.md)"
            fi
        fi
        rm -f "$segment"
        [ "$status" -ne 0 ] || break
    done
    rate=$((execs / (fuzz_time > 0 ? fuzz_time : 1)))
    new_artifacts=$(($(ls "$artifacts" | wc -l) - before))
    line="$target: $execs execs in ${fuzz_time}s ($rate exec/s), $runs run(s), exit status(es):$statuses, $new_artifacts new artifact(s)"
    echo "$line"
    if [ "$new_artifacts" -gt 0 ]; then
        ls -t "$artifacts" | sed -n "1,${new_artifacts}p" | sed "s|^|  $artifacts/|"
    fi
    summary+=("$line")
done

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
