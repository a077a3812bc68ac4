// Package doclinks checks the repository's documentation for links that lead
// nowhere. Its test runs over every Markdown file of the repository (so
// `.ci/test` fails on a broken link) and over the comments and doc strings
// that cite a Markdown file.
//
// Only local links are checked: a relative or root-relative link must name a
// file or folder that exists inside the repository, and its #anchor a
// heading of the target Markdown file (GitHub's slug rules, duplicates
// numbered) or an explicit HTML anchor. External links are left alone, as the
// tests never use the network.
package doclinks
