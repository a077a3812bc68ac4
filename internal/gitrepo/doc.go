// Package gitrepo reads an application folder as it is at a git revision,
// with the git CLI (git must be on PATH), into an fs.FS that the render
// pipeline can read like the working tree. It runs only read-only plumbing
// commands (rev-parse, ls-tree, cat-file), never touches the working tree or
// the index, and works in a shallow clone as long as the revisions it is
// asked for have been fetched.
package gitrepo
