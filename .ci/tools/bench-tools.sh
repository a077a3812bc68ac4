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

# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

mod="$root/.ci/bench"
helm_version="$(modversion "$mod/go.mod" helm.sh/helm/v3)"
kustomize_version="$(modversion "$mod/go.mod" sigs.k8s.io/kustomize/kustomize/v5)"
if [[ -z "$helm_version" || -z "$kustomize_version" ]]; then
  echo "bench-tools.sh: helm.sh/helm/v3 or sigs.k8s.io/kustomize/kustomize/v5 missing from $mod/go.mod" >&2
  exit 1
fi
root_helm="$(modversion "$root/go.mod" helm.sh/helm/v3)"
if [[ -n "$root_helm" && "$root_helm" != "$helm_version" ]]; then
  echo "bench-tools.sh: warning: aigw links Helm $root_helm, .ci/bench pins $helm_version" >&2
fi

dest="$cache/bench-helm-$helm_version-kustomize-$kustomize_version"

# build TMP builds helm and kustomize into the directory TMP.
build() {
  # The version strings the release binaries carry (helm version, kustomize version).
  local ldflags="-X helm.sh/helm/v3/internal/version.version=$helm_version"
  ldflags+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
  ldflags+=" -X sigs.k8s.io/kustomize/api/provenance.version=kustomize/$kustomize_version"
  echo "bench-tools.sh: building helm $helm_version and kustomize $kustomize_version into $dest"
  gobuild "$mod" -trimpath -ldflags "$ldflags" -o "$1/" \
    helm.sh/helm/v3/cmd/helm sigs.k8s.io/kustomize/kustomize/v5
  # The kustomize main package builds as "v5".
  if [[ -x "$1/v5" ]]; then
    mv -- "$1/v5" "$1/kustomize"
  fi
}

buildinto "$dest" "helm kustomize" build
echo "$dest"
