#!/usr/bin/env bash
# Builds the real Kubernetes control-plane binaries used by internal/kubetest
# (kube-apiserver, kubectl and etcd) from the nested module .ci/kube, so the
# only network access needed is the Go module proxy.
#
# Output: ${AIGW_TOOLS_CACHE:-$HOME/.cache/aigw-tools}/kube-<version>/, where
# <version> is the k8s.io/kubernetes version required by .ci/kube/go.mod. The
# build is skipped when all three binaries are already there. The directory is
# printed as the last line of stdout; build output goes to stderr. Typical use:
#
#   export AIGW_KUBE_ASSETS="$(.ci/tools/kube.sh | tail -n1)"
set -euo pipefail

root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)"
mod="$root/.ci/kube"

# The version key comes from go.mod only (block or single-line require form).
version="$(awk '
  { for (i = 1; i < NF; i++) if ($i == "k8s.io/kubernetes" && $(i + 1) ~ /^v[0-9]/) { print $(i + 1); exit } }
' "$mod/go.mod")"
if [[ -z "$version" ]]; then
  echo "kube.sh: no k8s.io/kubernetes requirement in $mod/go.mod" >&2
  exit 1
fi

cache="${AIGW_TOOLS_CACHE:-$HOME/.cache/aigw-tools}"
dest="$cache/kube-$version"
bins=(kube-apiserver kubectl etcd)

complete() {
  local b
  for b in "${bins[@]}"; do
    [[ -x "$1/$b" ]] || return 1
  done
}

if complete "$dest"; then
  echo "$dest"
  exit 0
fi

mkdir -p "$cache"
# Build into a temporary sibling and rename it into place, so an interrupted
# build never leaves a directory that looks complete.
tmp="$(mktemp -d "$cache/.kube-$version.XXXXXX")"
trap 'rm -rf -- "$tmp"' EXIT

minor="${version#v*.}"
minor="${minor%%.*}"
ldflags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean"
done

echo "kube.sh: building kube-apiserver, kubectl and etcd $version into $dest" >&2
(
  cd "$mod"
  GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" \
    go build -ldflags "$ldflags" -o "$tmp/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl ./etcd
) >&2

complete "$tmp" || { echo "kube.sh: build did not produce ${bins[*]}" >&2; exit 1; }
chmod 0755 "$tmp"
# A stale, incomplete directory from an older script version is replaced; if a
# concurrent run finished first, its result is kept.
if [[ -e "$dest" ]] && ! complete "$dest"; then
  rm -rf -- "$dest"
fi
if [[ -e "$dest" ]]; then
  rm -rf -- "$tmp"
else
  mv -- "$tmp" "$dest"
fi
trap - EXIT
echo "$dest"
