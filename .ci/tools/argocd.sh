#!/usr/bin/env bash
# Builds the Argo CD components the end-to-end test runs (internal/argoe2e)
# from the nested module .ci/argocd, so the only network access needed is the
# Go module proxy: one binary, argocd, which is argocd-repo-server,
# argocd-cmp-server or argocd-application-controller by the name it is called
# under (the directory holds those three symlinks), and Argo CD's
# hack/git-verify-wrapper.sh from the same module version, which the
# repo-server runs from PATH.
#
# Output: ${AIGW_TOOLS_CACHE:-$HOME/.cache/aigw-tools}/argocd-<version>/, where
# <version> is the github.com/argoproj/argo-cd/v3 version required by
# .ci/argocd/go.mod. The build is skipped when the directory is complete. The
# directory is printed as the last line of stdout; build output goes to
# stderr. Typical use:
#
#   export AIGW_ARGOCD_BIN_DIR="$(.ci/tools/argocd.sh | tail -n1)"
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

mod="$root/.ci/argocd"
version="$(needversion "$mod" github.com/argoproj/argo-cd/v3)"
dest="$cache/argocd-$version"
bins="argocd argocd-repo-server argocd-cmp-server argocd-application-controller git-verify-wrapper.sh"

# build TMP builds the binary into the directory TMP, with its names and
# the wrapper script.
build() {
  local src
  echo "argocd.sh: building argocd $version (repo-server, cmp-server, application-controller) into $dest"
  CGO_ENABLED=0 gobuild "$mod" -trimpath \
    -ldflags "-s -w -X github.com/argoproj/argo-cd/v3/common.version=${version#v}" -o "$1/argocd" .
  for b in argocd-repo-server argocd-cmp-server argocd-application-controller; do
    ln -s argocd "$1/$b"
  done
  src="$(cd "$mod" && GOTOOLCHAIN=local GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' github.com/argoproj/argo-cd/v3)"
  install -m 0755 "$src/hack/git-verify-wrapper.sh" "$1/git-verify-wrapper.sh"
}

buildinto "$dest" "$bins" build
echo "$dest"
