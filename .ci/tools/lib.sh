# shellcheck shell=bash
# Shared by kube.sh, crossplane.sh and bench-tools.sh, which source it (it is
# not run on its own): the tools cache, versions read from a nested module's
# go.mod, and the build into a temporary directory renamed into place.
#
# Messages go to stderr, prefixed with the name of the script that sources
# this file; stdout is left to the scripts, whose callers read it.

# root is the repository root, cache the root of the tools cache, both used
# by the scripts that source this file.
# shellcheck disable=SC2034
root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)"
# shellcheck disable=SC2034
cache="${AIGW_TOOLS_CACHE:-$HOME/.cache/aigw-tools}"
tool_name="${0##*/}"

# modversion GOMOD MODULE prints the version of MODULE required by the go.mod
# file GOMOD (block or single-line require form), or nothing.
modversion() {
  awk -v m="$2" '
    { for (i = 1; i < NF; i++) if ($i == m && $(i + 1) ~ /^v[0-9]/) { print $(i + 1); exit } }
  ' "$1"
}

# needversion MODDIR MODULE prints the version of MODULE required by
# MODDIR/go.mod, and fails when there is none.
needversion() {
  local version
  version="$(modversion "$1/go.mod" "$2")"
  if [[ -z "$version" ]]; then
    echo "$tool_name: no $2 requirement in $1/go.mod" >&2
    return 1
  fi
  echo "$version"
}

# complete DIR BIN... succeeds when every BIN is an executable in DIR.
complete() {
  local dir="$1" b
  shift
  for b in "$@"; do
    [[ -x "$dir/$b" ]] || return 1
  done
}

# gobuild MODDIR ARG... runs `go build ARG...` in the module MODDIR with the
# local toolchain, the module's go.mod as it is, and no VCS stamping.
gobuild() {
  (
    cd "$1" || exit
    shift
    GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" go build "$@"
  )
}

# buildinto DEST "BIN..." CMD [ARG...] makes DEST hold the binaries BIN
# (a space-separated list): unless they are all there already, it runs
# `CMD TMP ARG...` with its stdout sent to stderr, TMP being a new temporary
# sibling of DEST that CMD builds the binaries into, then renames TMP into
# place, so an interrupted build never leaves a directory that looks complete.
# A stale, incomplete DEST (from an older script version) is replaced; if a
# concurrent run finished first, its result is kept.
buildinto() {
  local dest="$1" tmp
  local -a bins
  read -r -a bins <<<"$2"
  shift 2
  if complete "$dest" "${bins[@]}"; then
    return 0
  fi
  mkdir -p "$(dirname -- "$dest")"
  tmp="$(mktemp -d "$(dirname -- "$dest")/.${dest##*/}.XXXXXX")"
  # shellcheck disable=SC2064 # expand tmp now: it is local to this call
  trap "rm -rf -- '$tmp'" EXIT
  local start=$SECONDS
  "$1" "$tmp" "${@:2}" >&2
  echo "$tool_name: built ${dest##*/} in $((SECONDS - start)) s" >&2
  complete "$tmp" "${bins[@]}" || { echo "$tool_name: build did not produce ${bins[*]}" >&2; return 1; }
  chmod 0755 "$tmp"
  if [[ -e "$dest" ]] && ! complete "$dest" "${bins[@]}"; then
    rm -rf -- "$dest"
  fi
  if [[ -e "$dest" ]]; then
    rm -rf -- "$tmp"
  else
    mv -- "$tmp" "$dest"
  fi
  trap - EXIT
}
