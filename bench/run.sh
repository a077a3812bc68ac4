#!/usr/bin/env bash
# bench/run.sh: times aigw as whole processes against the pipeline most config
# management plugins run (helm template twice + kustomize build), and prints
# the numbers of docs/performance.md. Run by hand on an otherwise idle
# machine; CI does not run it.
#
#   bench/run.sh                 # everything (a first run builds helm and kustomize)
#   BENCH_RUNS=50 bench/run.sh   # more runs per measurement (default 30)
#   bench/run.sh --quick         # skip the stage benchmarks, scale and storm
#
# Needs: go, python3, GNU time (/usr/bin/time) and hyperfine (installed with
# apt-get when missing and running as root).
set -euo pipefail

root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
export GOTOOLCHAIN=local

quick=false
[[ "${1:-}" == "--quick" ]] && quick=true
runs="${BENCH_RUNS:-30}"
env_name="${BENCH_ENV:-dev}"
example="$root/examples/ai-gateway"

say() { printf '\n== %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------
if ! command -v hyperfine >/dev/null; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    say "installing hyperfine (Debian)"
    apt-get install -y hyperfine >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y hyperfine >/dev/null; }
  else
    echo "bench/run.sh: hyperfine is required (apt-get install hyperfine)" >&2
    exit 1
  fi
fi
[[ -x /usr/bin/time ]] || { echo "bench/run.sh: GNU time is required (apt-get install time)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bench/run.sh: python3 is required" >&2; exit 1; }

say "helm and kustomize CLIs (.ci/tools/bench-tools.sh)"
tools="$(.ci/tools/bench-tools.sh | tail -n1)"
helm="$tools/helm"
kustomize="$tools/kustomize"

work="$(mktemp -d "${TMPDIR:-/tmp}/aigw-bench.XXXXXX")"
trap 'rm -rf -- "$work"' EXIT
mkdir -p "$work/bin" "$work/json"

say "building aigw"
# As it ships in a container image: static (no cgo, so no dynamic loader and
# a smaller mapped binary) and stripped. The unstripped build is only
# measured for its size.
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$work/bin/aigw" ./cmd/aigw
CGO_ENABLED=0 go build -trimpath -o "$work/aigw-unstripped" ./cmd/aigw
aigw="$work/bin/aigw"

say "the CLI pipeline's inputs (go run ./bench/values)"
go run ./bench/values -dir "$example" -env "$env_name" -out "$work/cli" \
  -helm "$helm" -kustomize "$kustomize" -chart base/charts/litellm

export ARGOCD_APP_PARAMETERS="[{\"name\":\"environment\",\"string\":\"$env_name\"}]"
gen() { (cd "$1" && "$aigw" generate); }

aigw_objects="$(gen "$example" | grep -c '^kind:')"
cli_objects="$(sh "$work/cli/cli.sh" | grep -c '^kind:')"
if [[ "$aigw_objects" != "$cli_objects" ]]; then
  echo "bench/run.sh: aigw renders $aigw_objects objects, the CLI pipeline $cli_objects" >&2
  exit 1
fi

# hyperfine NAME CMD...: runs one measurement without a shell, in the
# example's folder (the CMP working directory).
bench() {
  local name="$1"; shift
  (cd "${BENCH_DIR:-$example}" && hyperfine -N --style basic -w 3 -r "$runs" \
    --export-json "$work/json/$name.json" "$@") >&2
}

say "aigw generate vs helm template x2 + kustomize build ($runs runs each)"
bench pipeline -n "aigw generate" "$aigw generate" -n "helm+kustomize" "sh $work/cli/cli.sh"
api_release="$(ls "$work/cli" | sed -n 's/^helm-\(.*-api\)\.sh$/\1/p')"
bench helm -n "helm template (API release)" "sh $work/cli/helm-$api_release.sh"
bench kustomize -n "kustomize build" "sh $work/cli/kustomize.sh"

say "start-up: aigw version"
bench version -n "aigw version" "$aigw version"

say "unrelated files: the example folder with and without 5000 other files"
big="$work/big-repo/gateways/ai-gateway"
mkdir -p "$big"
cp "$example/aigateway.yaml" "$big/"
python3 - "$big" <<'PY'
import os, sys
base = sys.argv[1]
for d in range(50):
    p = os.path.join(base, "docs" if d % 2 else "vendor", f"dir{d:02d}")
    os.makedirs(p, exist_ok=True)
    for f in range(100):
        with open(os.path.join(p, f"file{f:03d}.yaml"), "w") as fh:
            fh.write(f"# unrelated file {d}/{f}\nkey: {'x' * 900}\n")
PY
small="$work/small-repo/gateways/ai-gateway"
mkdir -p "$small"
cp "$example/aigateway.yaml" "$small/"
BENCH_DIR="$small" bench files-none -n "generate, spec only" "$aigw generate"
BENCH_DIR="$big" bench files-5000 -n "generate, + 5000 unrelated files" "$aigw generate"

say "peak RSS (/usr/bin/time -v, maximum resident set size)"
maxrss() { # maxrss N DIR CMD...: median and max of N runs, KiB
  local n="$1" dir="$2"; shift 2
  for _ in $(seq "$n"); do
    (cd "$dir" && /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')
  done | sort -n | awk '{a[NR]=$1} END {printf "%d %d\n", a[int((NR+1)/2)], a[NR]}'
}
rss_aigw="$(maxrss 15 "$example" "$aigw" generate)"
rss_cli="$(maxrss 15 "$example" sh "$work/cli/cli.sh")"
rss_version="$(maxrss 15 "$example" "$aigw" version)"

# CPU time per call (task-clock, all threads) where perf works: what a
# refresh storm pays, less sensitive than wall time to other load.
cpu_aigw="" cpu_cli=""
if command -v perf >/dev/null && perf stat -e task-clock true >/dev/null 2>&1; then
  say "CPU time per call (perf stat -e task-clock)"
  taskclock() { (cd "$example" && perf stat -x, -e task-clock -r "$runs" "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ {print $1}'); }
  cpu_aigw="$(taskclock "$aigw" generate)"
  cpu_cli="$(taskclock sh "$work/cli/cli.sh")"
fi

size_stripped="$(stat -c %s "$aigw")"
size_full="$(stat -c %s "$work/aigw-unstripped")"

if ! $quick; then
  say "stage benchmarks (go test -bench, -benchmem)"
  go test ./internal/spec ./internal/render ./internal/assemble ./internal/litellm \
    -run '^$' -bench . -benchmem -count 1 | tee "$work/stages.txt" | grep -E '^(Benchmark|ok|FAIL)' >&2
  say "refresh storm: 200 GenerateManifest calls through Argo CD's cmp-server"
  go test ./plugin -run '^$' -bench CMPServerStorm -benchtime 1x | tee "$work/storm.txt" | grep -E '^(Benchmark|ok|FAIL)' >&2
fi

say "summary"
python3 - "$work" "$rss_aigw" "$rss_cli" "$rss_version" "$size_stripped" "$size_full" "$aigw_objects" "$quick" "$cpu_aigw" "$cpu_cli" <<'PY'
import json, os, re, sys
work, rss_aigw, rss_cli, rss_version, size_s, size_f, objects, quick, cpu_aigw, cpu_cli = sys.argv[1:]
def res(name, i=0):
    return json.load(open(os.path.join(work, "json", name + ".json")))["results"][i]
def ms(x): return x * 1000
def line(label, r):
    t = sorted(r["times"]); q1 = t[len(t) // 4]; q3 = t[(3 * len(t)) // 4]
    print(f"  {label:<38} median {ms(r['median']):7.1f} ms   IQR {ms(q1):6.1f}-{ms(q3):6.1f}   min {ms(r['min']):6.1f}   stddev {ms(r['stddev']):5.1f}  (user {ms(r['user']):.1f}, sys {ms(r['system']):.1f})")
    return r["median"]
mib = lambda kib: int(kib) / 1024
print(f"example: examples/ai-gateway, environment {os.environ.get('BENCH_ENV', 'dev')}, {objects} objects; {os.cpu_count()} CPUs")
print("whole processes:")
a = line("aigw generate", res("pipeline", 0))
c = line("helm template x2 + kustomize build", res("pipeline", 1))
line("  helm template (API release)", res("helm"))
line("  kustomize build", res("kustomize"))
v = line("aigw version (start-up)", res("version"))
n0 = line("generate, spec only", res("files-none"))
n1 = line("generate, + 5000 unrelated files", res("files-5000"))
print(f"ratio: the CLI pipeline takes {c / a:.1f}x as long as aigw generate (wall, medians)")
if cpu_aigw and cpu_cli:
    print(f"CPU per call (task-clock, mean of {os.environ.get('BENCH_RUNS', '30')}): aigw generate {float(cpu_aigw):.1f} ms, CLI pipeline {float(cpu_cli):.1f} ms ({float(cpu_cli) / float(cpu_aigw):.1f}x)")
ra, rm = map(int, rss_aigw.split()); ca, cm = map(int, rss_cli.split()); va, vm = map(int, rss_version.split())
print(f"peak RSS (median/max of 15): aigw generate {mib(ra):.1f}/{mib(rm):.1f} MiB; aigw version {mib(va):.1f}/{mib(vm):.1f} MiB; CLI pipeline (largest step) {mib(ca):.1f}/{mib(cm):.1f} MiB")
print(f"binary (CGO_ENABLED=0 -trimpath): {int(size_s) / 2**20:.1f} MiB stripped (-ldflags='-s -w'), {int(size_f) / 2**20:.1f} MiB not stripped")
print(f"unrelated files: {n1 / n0:.2f}x the time with 5000 unrelated files in the folder")
print("budget:")
print(f"  generate median <= 30 ms:        {'met' if a <= 0.030 else 'NOT met'} ({ms(a):.1f} ms)")
print(f"  >= 10x faster than the CLIs:     {'met' if c / a >= 10 else 'NOT met'} ({c / a:.1f}x)")
print(f"  peak RSS <= 64 MiB:              {'met' if mib(rm) <= 64 else 'NOT met'} (max {mib(rm):.1f} MiB)")
print(f"  independent of unrelated files:  {'met' if n1 / n0 < 1.1 else 'NOT met'} ({n1 / n0:.2f}x)")
if quick == "false":
    for f, pat in (("stages.txt", r"^Benchmark\S*(Pipeline|PipelineScale|Build)\S*\s"), ("storm.txt", r"^BenchmarkCMPServerStorm")):
        print(f"{f[:-4]}:")
        for l in open(os.path.join(work, f)):
            if re.search(pat, l):
                print("  " + re.sub(r"\s+", " ", l.strip()))
PY
