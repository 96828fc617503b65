#!/usr/bin/env bash
# The inner loop on a realistic pack: after a one-line change, `flow next` through test, lint and
# validate, against the same three tools run by hand on the same content in the same run. Prints
# each round and flow's own share of the total (flow's wall time minus the tools' by hand).
#
#   bench/inner-loop.sh            # needs the XSOAR tools: scripts/xsoar-tools.sh installs them
# Environment: FLOW_BIN (default: the debug build), FLOW_TOOLS_BIN (default .build/xsoar-venv/bin),
# ROUNDS (default 3). Everything generated goes to bench/.work/inner-loop (ignored by git).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
flow="${FLOW_BIN:-$root/.build/debug/flow}"
tools="${FLOW_TOOLS_BIN:-$root/.build/xsoar-venv/bin}"
rounds="${ROUNDS:-3}"
work="$here/.work/inner-loop"
rm -rf "$work" && mkdir -p "$work/home"
export PATH="$tools:$PATH" HOME="$work/home" CI=true DEMISTO_SDK_IGNORE_CONTENT_WARNING=1 PYTHONDONTWRITEBYTECODE=1 NO_COLOR=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
repo="$work/repo"
mkdir -p "$repo" && cd "$repo"
git init -q -b main
: > .private-repo-settings
printf '*.zip\n*_build/\nuploadable_packs/\n__pycache__/\n' > .gitignore
# The CI/CD template's shape: CommonServerPython.py and demistomock.py at the root (small ones here).
cat > CommonServerPython.py <<'PY'
class CommandResults:
    def __init__(self, outputs_prefix=None, outputs_key_field=None, outputs=None, readable_output=None):
        self.outputs_prefix, self.outputs_key_field = outputs_prefix, outputs_key_field
        self.outputs, self.readable_output = outputs, readable_output


def tableToMarkdown(name, row):
    return "### " + name + "\n" + "\n".join(f"{k}: {v}" for k, v in row.items())
PY
printf 'def args():\n    return {}\n' > demistomock.py
mkdir -p .flow
printf 'workflow: %s/Tests/Workflows/xsoar-actions.yml\npacks: [Bench]\n' "$root" > .flow/config.yml
pack=Packs/Bench
mkdir -p "$pack"
cat > "$pack/pack_metadata.json" <<'JSON'
{"name": "Bench", "description": "A pack to time the inner loop.", "support": "community", "currentVersion": "1.0.0",
 "author": "Bench", "url": "", "categories": ["Utilities"], "tags": [], "useCases": [], "keywords": [], "marketplaces": ["xsoar"]}
JSON
printf '# Bench\n\nGreets people.\n' > "$pack/README.md"
: > "$pack/.pack-ignore"; : > "$pack/.secrets-ignore"
# Ten scripts from demisto-sdk's own template, each with its test and README.
mkdir -p "$work/tmpl"
demisto-sdk init --script -t HelloWorldScript -n HelloWorldScript --id HelloWorldScript -o "$work/tmpl" <<< $'n\n' >/dev/null 2>&1
src="$work/tmpl/HelloWorldScript"
for i in $(seq 1 10); do
    dir="$pack/Scripts/Greet$i"; mkdir -p "$dir"
    for f in "$src"/*; do
        [ -f "$f" ] || continue
        base=$(basename "$f"); cp "$f" "$dir/${base//HelloWorldScript/Greet$i}"
    done
    sed -i "s/HelloWorldScript/Greet$i/g" "$dir"/*
    printf 'Greets a name.\n' > "$dir/README.md"
done
: > "$work/CommonServerUserPython.py"
cp "$work/CommonServerUserPython.py" .
git add -A && git commit -q -m "bench pack" && git checkout -q -b feature/bench
cfg="$repo/.git/flow/validation_config.toml"
"$flow" next >/dev/null   # develop -> test
now() { date +%s.%N; }
total_flow=0; total_hand=0
for r in $(seq 1 "$rounds"); do
    file="$pack/Scripts/Greet1/Greet1.py"
    printf '\n# round %s\n' "$r" >> "$file"
    "$flow" goto test >/dev/null 2>&1 || true
    t0=$(now)
    for step in test lint validate; do "$flow" next > "$work/flow-$step-$r.log" 2>&1 || echo "  flow next at $step: exit $? (see $work/flow-$step-$r.log)"; done
    t1=$(now)
    # By hand: the same three tools on the same content.
    for d in "$pack"/Scripts/*/; do (cd "$d" && PYTHONPATH="$repo" python3 -m pytest -q -p no:cacheprovider . >/dev/null || true); done
    ruff check --no-cache --isolated --select=E,W,F --ignore=F403,F405 --line-length=130 "$file" >/dev/null || true
    ruff format --no-cache --isolated --line-length=130 --check "$file" >/dev/null || true
    DEMISTO_SDK_CONTENT_PATH="$repo" demisto-sdk validate -i "$pack" --config-path "$cfg" >/dev/null 2>&1 || true
    t2=$(now)
    f=$(echo "$t1 - $t0" | bc); h=$(echo "$t2 - $t1" | bc)
    total_flow=$(echo "$total_flow + $f" | bc); total_hand=$(echo "$total_hand + $h" | bc)
    printf 'round %s: flow next x3 %.2f s, tools by hand %.2f s\n' "$r" "$f" "$h"
done
share=$(echo "scale=4; ($total_flow - $total_hand) / $total_flow * 100" | bc)
printf 'total: flow %.2f s, by hand %.2f s; flow'"'"'s own share %.1f%%\n' "$total_flow" "$total_hand" "$share"
