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
#   AIGW_CROSSPLANE_BIN=/root/.cache/aigw-tools/crossplane-v2.2.0/crossplane
#   AIGW_FUNCTION_PAT_BIN=/root/.cache/aigw-tools/function-pat-v0.5.0/function-patch-and-transform
# Build output goes to stderr. Typical use:
#
#   eval "$(.ci/tools/crossplane.sh | sed 's/^/export /')"
set -euo pipefail

root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)"
cache="${AIGW_TOOLS_CACHE:-$HOME/.cache/aigw-tools}"

# modversion MODDIR MODULE prints the version of MODULE required by MODDIR/go.mod.
modversion() {
  awk -v m="$2" '
    { for (i = 1; i < NF; i++) if ($i == m && $(i + 1) ~ /^v[0-9]/) { print $(i + 1); exit } }
  ' "$1/go.mod"
}

# build KEY NAME MODDIR MODULE PKG BIN [LDFLAGS] builds PKG of MODDIR into
# $cache/NAME-<version>/BIN and prints KEY=<path>.
build() {
  local key="$1" name="$2" mod="$root/$3" module="$4" pkg="$5" bin="$6" ldflags="${7:-}"
  local version dest tmp
  version="$(modversion "$mod" "$module")"
  if [[ -z "$version" ]]; then
    echo "crossplane.sh: no $module requirement in $mod/go.mod" >&2
    return 1
  fi
  ldflags="${ldflags//@VERSION@/$version}"
  dest="$cache/$name-$version"
  if [[ ! -x "$dest/$bin" ]]; then
    mkdir -p "$cache"
    tmp="$(mktemp -d "$cache/.$name-$version.XXXXXX")"
    # shellcheck disable=SC2064 # expand tmp now: it is local to this call
    trap "rm -rf -- '$tmp'" EXIT
    echo "crossplane.sh: building $pkg $version into $dest" >&2
    (
      cd "$mod"
      GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0 \
        go build -trimpath -ldflags "$ldflags" -o "$tmp/$bin" "$pkg"
    ) >&2
    [[ -x "$tmp/$bin" ]] || { echo "crossplane.sh: build did not produce $bin" >&2; return 1; }
    chmod 0755 "$tmp"
    # A stale, incomplete directory is replaced; if a concurrent run finished
    # first, its result is kept.
    if [[ -e "$dest" && ! -x "$dest/$bin" ]]; then
      rm -rf -- "$dest"
    fi
    if [[ -e "$dest" ]]; then
      rm -rf -- "$tmp"
    else
      mv -- "$tmp" "$dest"
    fi
    trap - EXIT
  fi
  echo "$key=$dest/$bin"
}

build AIGW_CROSSPLANE_BIN crossplane .ci/crossplane \
  github.com/crossplane/crossplane/v2 github.com/crossplane/crossplane/v2/cmd/crank crossplane \
  "-s -w -X github.com/crossplane/crossplane/v2/internal/version.version=@VERSION@"
build AIGW_FUNCTION_PAT_BIN function-pat .ci/function-pat \
  github.com/crossplane-contrib/function-patch-and-transform \
  github.com/crossplane-contrib/function-patch-and-transform function-patch-and-transform \
  "-s -w"
