package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
)

// samplePreview is the pull-request number validate --all-envs renders the
// preview with.
const samplePreview = "1"

func newValidateCmd(a *app) *cobra.Command {
	var (
		env, preview string
		all          bool
	)
	cmd := &cobra.Command{
		Use:   "validate [PATH] --env NAME | --all-envs | --preview N",
		Short: "Check a spec without a cluster (decode, validate and render)",
		Example: `  aigw validate examples/ai-gateway --all-envs
  aigw validate . --env prod
  aigw validate . --preview 42`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			switch {
			case all && (env != "" || preview != ""):
				return errors.New("--all-envs validates every environment: pass it without --env and --preview")
			case !all && env == "" && preview == "":
				return errors.New("pass exactly one of --env NAME, --all-envs or --preview N")
			}
			doc, root, err := render.Load(dir, dir)
			if err != nil {
				return err
			}
			defer root.Close()
			targets := []resolve.Options{{Environment: env, Preview: preview}}
			if all {
				targets = targets[:0]
				for _, e := range doc.Environments() {
					targets = append(targets, resolve.Options{Environment: e})
				}
				// With previews, --all-envs also renders one (any number
				// stands for every pull request).
				if doc.Gateway.Spec.Previews != nil {
					targets = append(targets, resolve.Options{Preview: samplePreview})
				}
			}
			r := a.renderer()
			var (
				problems problemSet
				out      bytes.Buffer // written only when every target is valid
			)
			for _, t := range targets {
				res, err := r.RenderDocument(cmd.Context(), doc, root.FS(), render.Options{Resolve: t})
				if err != nil {
					problems.add(targetName(t), err)
					continue
				}
				if t.Preview != "" {
					fmt.Fprintf(&out, "%s: preview %s of environment %s is valid (%d objects)\n", doc.File, t.Preview, res.Gateway.Environment.Name, len(res.Objects))
					continue
				}
				fmt.Fprintf(&out, "%s: environment %s is valid (%d objects)\n", doc.File, t.Environment, len(res.Objects))
			}
			if err := problems.err(len(targets)); err != nil {
				return err
			}
			_, err = out.WriteTo(a.stdout)
			return err
		},
	}
	cmd.Flags().StringVarP(&env, "env", "e", "", "environment to validate")
	cmd.Flags().BoolVar(&all, "all-envs", false, "validate every environment (and a preview, when the spec has previews)")
	cmd.Flags().StringVar(&preview, "preview", "", "validate the preview of this pull request number (derived from spec.previews.from)")
	_ = cmd.RegisterFlagCompletionFunc("env", completeEnvironments)
	return cmd
}

// targetName names a validation target in messages.
func targetName(t resolve.Options) string {
	if t.Preview != "" {
		return "the preview"
	}
	return t.Environment
}

// problemSet collects the problems of several targets, each distinct
// problem once, with the targets it affects.
type problemSet struct {
	keys    []string
	targets map[string][]string
}

// add records the problems of err for target: each spec error is one
// problem, any other error as a whole.
func (p *problemSet) add(target string, err error) {
	if p.targets == nil {
		p.targets = map[string][]string{}
	}
	var lines []string
	if errs := spec.Errors(err); len(errs) > 0 {
		for _, e := range errs {
			lines = append(lines, e.Error())
		}
	} else {
		lines = []string{err.Error()}
	}
	for _, l := range lines {
		if _, ok := p.targets[l]; !ok {
			p.keys = append(p.keys, l)
		}
		p.targets[l] = append(p.targets[l], target)
	}
}

// err returns the problems, one line each, in order of first appearance.
// A problem that does not affect every one of the n targets names the
// ones it affects, unless its field is already an environment's.
func (p *problemSet) err(n int) error {
	if len(p.keys) == 0 {
		return nil
	}
	lines := make([]string, len(p.keys))
	for i, k := range p.keys {
		lines[i] = k
		ts := p.targets[k]
		if len(ts) < n && !strings.Contains(k, ": spec.environments.") {
			lines[i] += " (in " + describeTargets(ts) + ")"
		}
	}
	return errors.New(strings.Join(lines, "\n"))
}

// describeTargets writes "environments dev, prod and the preview".
func describeTargets(ts []string) string {
	var envs, parts []string
	preview := false
	for _, t := range ts {
		if t == "the preview" {
			preview = true
			continue
		}
		envs = append(envs, t)
	}
	switch len(envs) {
	case 0:
	case 1:
		parts = append(parts, "environment "+envs[0])
	default:
		parts = append(parts, "environments "+strings.Join(envs, ", "))
	}
	if preview {
		parts = append(parts, "the preview")
	}
	return strings.Join(parts, " and ")
}
