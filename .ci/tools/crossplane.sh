#!/usr/bin/env bash
# Builds the tools the Crossplane composition tests run, from the nested
# modules .ci/crossplane and .ci/function-pat, so the only network access
# needed is the Go module proxy (no Docker, no package registry):
#
#   crossplane                     the Crossplane CLI (`crossplane render`),
#                                  github.com/crossplane/crossplane/v2/cmd/crank
#   function-patch-and-transform   the composition function the Compositions use
#
# Output: ${AIGW_TOOLS_CACHE:-$HOME/.cache/aigw-tools}/crossplane-<version>/crossplane
# and .../function-pat-<version>/function-patch-and-transform, each <version>
# read from the nested module's go.mod. A build is skipped when its binary is
# already there; each is built into a temporary sibling directory and renamed
# into place, so an interrupted build never looks complete. The two builds run
# one after the other (the machines have two cores).
#
# stdout: one KEY=path line per binary, for example
#   AIGW_CROSSPLANE_BIN=$HOME/.cache/aigw-tools/crossplane-v2.2.0/crossplane
#   AIGW_FUNCTION_PAT_BIN=$HOME/.cache/aigw-tools/function-pat-v0.5.0/function-patch-and-transform
# Build output goes to stderr. Typical use:
#
#   eval "$(.ci/tools/crossplane.sh | sed 's/^/export /')"
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

# buildbin TMP MODDIR PKG BIN LDFLAGS MESSAGE builds PKG of MODDIR into TMP/BIN.
buildbin() {
  echo "crossplane.sh: $6"
  CGO_ENABLED=0 gobuild "$2" -trimpath -ldflags "$5" -o "$1/$4" "$3"
}

# build KEY NAME MODDIR MODULE PKG BIN [LDFLAGS] builds PKG of MODDIR into
# $cache/NAME-<version>/BIN and prints KEY=<path>.
build() {
  local key="$1" name="$2" mod="$root/$3" module="$4" pkg="$5" bin="$6" ldflags="${7:-}"
  local version dest
  version="$(needversion "$mod" "$module")"
  ldflags="${ldflags//@VERSION@/$version}"
  dest="$cache/$name-$version"
  buildinto "$dest" "$bin" buildbin "$mod" "$pkg" "$bin" "$ldflags" "building $pkg $version into $dest"
  echo "$key=$dest/$bin"
}

build AIGW_CROSSPLANE_BIN crossplane .ci/crossplane \
  github.com/crossplane/crossplane/v2 github.com/crossplane/crossplane/v2/cmd/crank crossplane \
  "-s -w -X github.com/crossplane/crossplane/v2/internal/version.version=@VERSION@"
build AIGW_FUNCTION_PAT_BIN function-pat .ci/function-pat \
  github.com/crossplane-contrib/function-patch-and-transform \
  github.com/crossplane-contrib/function-patch-and-transform function-patch-and-transform \
  "-s -w"
