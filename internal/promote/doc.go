// Package promote checks a promotion in the branch-per-environment model:
// each environment's Argo CD Application tracks its own branch
// (spec.environments.<name>.branch), and promoting is merging the previous
// environment's branch into the next one's. Run renders the target
// environment at the source branch (what the merge brings) and at its own
// branch (what runs now), compares them, and evaluates the guards: no
// stateful resource deleted or replaced, no immutable field changed, and,
// for a production target, the production guardrails. Each guard can be
// overridden only by naming it.
package promote
