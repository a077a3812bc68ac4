#!/usr/bin/env bash
# Builds the Helm and Kustomize CLIs that bench/run.sh times against aigw, from
# the nested module .ci/bench, so the only network access needed is the Go
# module proxy. The versions are those of the Helm SDK (helm.sh/helm/v3) and
# the Kustomize API (sigs.k8s.io/kustomize/api, via kustomize/v5) pinned in
# .ci/bench/go.mod, which match the root go.mod.
#
# Output: ${AIGW_TOOLS_CACHE:-$HOME/.cache/aigw-tools}/bench-helm-<v>-kustomize-<v>/
# holding helm and kustomize. The build is skipped when both are already there.
# The directory is printed as the last line of stdout; build output goes to
# stderr. Typical use:
#
#   tools="$(.ci/tools/bench-tools.sh | tail -n1)"
set -euo pipefail

root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)"
mod="$root/.ci/bench"

# modversion PATH prints the version of module PATH required by .ci/bench/go.mod.
modversion() {
  awk -v m="$1" '
    { for (i = 1; i < NF; i++) if ($i == m && $(i + 1) ~ /^v[0-9]/) { print $(i + 1); exit } }
  ' "$mod/go.mod"
}

helm_version="$(modversion helm.sh/helm/v3)"
kustomize_version="$(modversion sigs.k8s.io/kustomize/kustomize/v5)"
if [[ -z "$helm_version" || -z "$kustomize_version" ]]; then
  echo "bench-tools.sh: helm.sh/helm/v3 or sigs.k8s.io/kustomize/kustomize/v5 missing from $mod/go.mod" >&2
  exit 1
fi
root_helm="$(awk '{ for (i = 1; i < NF; i++) if ($i == "helm.sh/helm/v3") { print $(i + 1); exit } }' "$root/go.mod")"
if [[ -n "$root_helm" && "$root_helm" != "$helm_version" ]]; then
  echo "bench-tools.sh: warning: aigw links Helm $root_helm, .ci/bench pins $helm_version" >&2
fi

cache="${AIGW_TOOLS_CACHE:-$HOME/.cache/aigw-tools}"
dest="$cache/bench-helm-$helm_version-kustomize-$kustomize_version"
bins=(helm kustomize)

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
tmp="$(mktemp -d "$cache/.bench-tools.XXXXXX")"
trap 'rm -rf -- "$tmp"' EXIT

# The version strings the release binaries carry (helm version, kustomize version).
ldflags="-X helm.sh/helm/v3/internal/version.version=$helm_version"
ldflags+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
ldflags+=" -X sigs.k8s.io/kustomize/api/provenance.version=kustomize/$kustomize_version"

echo "bench-tools.sh: building helm $helm_version and kustomize $kustomize_version into $dest" >&2
(
  cd "$mod"
  GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" \
    go build -trimpath -ldflags "$ldflags" -o "$tmp/" \
    helm.sh/helm/v3/cmd/helm sigs.k8s.io/kustomize/kustomize/v5
) >&2
# The kustomize main package builds as "v5".
if [[ -x "$tmp/v5" ]]; then
  mv -- "$tmp/v5" "$tmp/kustomize"
fi

complete "$tmp" || { echo "bench-tools.sh: build did not produce ${bins[*]}" >&2; exit 1; }
chmod 0755 "$tmp"
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
