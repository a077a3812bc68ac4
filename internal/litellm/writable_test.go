package litellm_test

import (
	"strings"
	"testing"
)

// startupWrites are the variables that name where the litellm-database image
// and its Prisma client write at start-up and during the migration (evidence
// in docs/production.md, "The image under the pods' security context"):
// migration folders (LITELLM_MIGRATION_DIR), the admin UI copy and its assets
// (LITELLM_UI_PATH, LITELLM_ASSETS_PATH, from BerriAI/litellm#20492), the
// Prisma CLI and engines fetched for a non-root user (PRISMA_BINARY_CACHE_DIR,
// XDG_CACHE_HOME, HOME) and temporary files (TMPDIR).
var startupWrites = []string{
	"HOME", "TMPDIR", "XDG_CACHE_HOME", "PRISMA_BINARY_CACHE_DIR",
	"LITELLM_MIGRATION_DIR", "LITELLM_UI_PATH", "LITELLM_ASSETS_PATH",
}

// TestStartupWritesOnEmptyDir: in every LiteLLM container of every example
// environment and a preview, each start-up write location is set and lies on
// a writable emptyDir mount of that container, since the root filesystem is
// read-only.
func TestStartupWritesOnEmptyDir(t *testing.T) {
	for _, tc := range examples(t) {
		for id, spec := range podSpecs(t, tc.objs) {
			emptyDirs := map[string]bool{}
			vols, _ := spec["volumes"].([]any)
			for _, v := range vols {
				m := v.(map[string]any)
				if _, ok := m["emptyDir"]; ok {
					emptyDirs[m["name"].(string)] = true
				}
			}
			for _, c := range containers(spec) {
				img, _ := c["image"].(string)
				if !strings.HasPrefix(img, tc.g.LiteLLM.Image+":") {
					continue
				}
				var writable []string
				mounts, _ := c["volumeMounts"].([]any)
				for _, mv := range mounts {
					m := mv.(map[string]any)
					if emptyDirs[m["name"].(string)] && m["readOnly"] != true {
						writable = append(writable, m["mountPath"].(string))
					}
				}
				vars := env(c)
				for _, name := range startupWrites {
					e, ok := vars[name]
					val, _ := e["value"].(string)
					if !ok || !strings.HasPrefix(val, "/") {
						t.Errorf("%s %s %s: %s is not set to an absolute path (%v)", tc.name, id, c["name"], name, e)
						continue
					}
					if !under(val, writable) {
						t.Errorf("%s %s %s: %s=%s is not on a writable emptyDir mount %v", tc.name, id, c["name"], name, val, writable)
					}
				}
			}
		}
	}
}

func under(p string, dirs []string) bool {
	for _, d := range dirs {
		if p == d || strings.HasPrefix(p, strings.TrimSuffix(d, "/")+"/") {
			return true
		}
	}
	return false
}
