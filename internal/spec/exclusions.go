package spec

// exclusions names the value sets that a field's `not` tag may refer to:
// values of the field's type and pattern that are still refused. The
// tag-driven validation (rules.go) reports format with the value, and the
// JSON Schema carries them as not: {enum: [...]}, so that an editor flags
// them as they are typed.
var exclusions = map[string]exclusion{
	// Moving tags of the LiteLLM image: a render must not change because
	// a registry moved a tag.
	"movingTag": {values: []string{"latest", "main-latest"}, format: "pin a version: %q moves under you"},
}

// exclusion is values a field may not have, and the message for them.
type exclusion struct {
	values []string
	// format is the error message, with the value as its one %q.
	format string
}
