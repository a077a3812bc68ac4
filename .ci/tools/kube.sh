#!/usr/bin/env bash
# Builds the real Kubernetes control-plane binaries used by internal/kubetest
# (kube-apiserver and etcd: envtest needs no kubectl, and no test runs one)
# from the nested module .ci/kube, so the only network access needed is the
# Go module proxy.
#
# Output: ${AIGW_TOOLS_CACHE:-$HOME/.cache/aigw-tools}/kube-<version>/, where
# <version> is the k8s.io/kubernetes version required by .ci/kube/go.mod. The
# build is skipped when both binaries are already there. The directory is
# printed as the last line of stdout; build output goes to stderr. Typical use:
#
#   export AIGW_KUBE_ASSETS="$(.ci/tools/kube.sh | tail -n1)"
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

mod="$root/.ci/kube"
version="$(needversion "$mod" k8s.io/kubernetes)"
dest="$cache/kube-$version"

# build TMP builds the two binaries into the directory TMP.
build() {
  local minor="${version#v*.}" ldflags="" pkg
  minor="${minor%%.*}"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean"
  done
  echo "kube.sh: building kube-apiserver and etcd $version into $dest"
  gobuild "$mod" -ldflags "$ldflags" -o "$1/" \
    k8s.io/kubernetes/cmd/kube-apiserver ./etcd
}

buildinto "$dest" "kube-apiserver etcd" build
echo "$dest"
