package spec

import (
	"fmt"
	"strings"
)

// maxBranchLen bounds a branch name: git has no limit, but every path
// component becomes a file name under .git/refs (255 bytes on most file
// systems) and the name is written into Argo CD's targetRevision.
const maxBranchLen = 200

func isBranch(s string) bool { return branchProblem(s) == "" }

func branchHint(s string) string {
	if p := branchProblem(s); p != "" {
		return ": it " + p
	}
	return ""
}

// branchProblem returns why name is not a branch name git would create, or
// "". It implements `git check-ref-format --branch` (refs.c,
// check_refname_format, and strbuf_check_branch_ref): a branch may not
// start with '-' (git would read it as an option), may not be HEAD or use
// the @{...} revision syntax, and each slash-separated component follows
// the ref name rules.
func branchProblem(name string) string {
	switch {
	case name == "":
		return "is empty"
	case len(name) > maxBranchLen:
		return fmt.Sprintf("is longer than %d characters", maxBranchLen)
	case strings.HasPrefix(name, "-"):
		return "starts with '-' (git would read it as an option)"
	case name == "HEAD" || name == "@":
		return "is reserved by git"
	case strings.Contains(name, "@{"):
		return "contains \"@{\" (git revision syntax)"
	case strings.Contains(name, ".."):
		return "contains \"..\""
	case strings.HasPrefix(name, "/") || strings.HasSuffix(name, "/") || strings.Contains(name, "//"):
		return "has an empty path component (leading, trailing or double '/')"
	case strings.HasSuffix(name, "."):
		return "ends with '.'"
	}
	for _, r := range name {
		switch {
		case r < 0x20 || r == 0x7f:
			return "contains a control character"
		case strings.ContainsRune(" ~^:?*[\\", r):
			return fmt.Sprintf("contains %q (not allowed in git ref names)", r)
		}
	}
	for _, c := range strings.Split(name, "/") {
		switch {
		case strings.HasPrefix(c, "."):
			return fmt.Sprintf("has a component %q starting with '.'", c)
		case strings.HasSuffix(c, ".lock"):
			return fmt.Sprintf("has a component %q ending with \".lock\"", c)
		}
	}
	return ""
}
