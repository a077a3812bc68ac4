package spec

import (
	"reflect"
	"strings"
	"testing"
)

// TestPlanRefusesBadTags: a rule tag on a field of the wrong kind (keys
// and notKeys on anything but a map with string keys), or naming a limit,
// pattern or exclusion that does not exist, is an error of the plan
// (reported by the validator, never ignored).
func TestPlanRefusesBadTags(t *testing.T) {
	tests := []struct {
		name string
		typ  reflect.Type
		want string
	}{
		{"maxItems on a string", reflect.TypeFor[struct {
			A string `json:"a" maxItems:"3"`
		}](), "maxItems on a string field"},
		{"maxProperties on a list", reflect.TypeFor[struct {
			A []string `json:"a" maxProperties:"3"`
		}](), "maxProperties on a []string field"},
		{"maxItems naming no limit", reflect.TypeFor[struct {
			A []string `json:"a" maxItems:"MaxNothing"`
		}](), `maxItems: "MaxNothing" is neither a number nor a name in sizeLimits`},
		{"maxItems of zero", reflect.TypeFor[struct {
			A []string `json:"a" maxItems:"0"`
		}](), "a limit must be positive"},
		{"unknown exclusion", reflect.TypeFor[struct {
			A string `json:"a" not:"nothing"`
		}](), `not "nothing" is not defined`},
		{"keys on a string", reflect.TypeFor[struct {
			A string `json:"a" keys:"environmentName"`
		}](), "keys or notKeys on a string field"},
		{"notKeys on a list", reflect.TypeFor[struct {
			A []string `json:"a" notKeys:"previewName"`
		}](), "keys or notKeys on a []string field"},
		{"keys of a map with integer keys", reflect.TypeFor[struct {
			A map[int]string `json:"a" keys:"environmentName"`
		}](), "keys or notKeys on a map[int]string field"},
		{"keys naming no pattern", reflect.TypeFor[struct {
			A map[string]string `json:"a" keys:"nothing"`
		}](), `keys "nothing" is not a pattern`},
		{"notKeys naming no exclusion", reflect.TypeFor[struct {
			A map[string]string `json:"a" notKeys:"nothing"`
		}](), `notKeys "nothing" is not an exclusion`},
		{"exclusion on a number", reflect.TypeFor[struct {
			A int32 `json:"a" not:"movingTag"`
		}](), "not on a string field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := planOf(tt.typ)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	for name, n := range sizeLimits {
		if got, err := sizeLimit(name); err != nil || got != n {
			t.Errorf("sizeLimit(%q) = %d, %v; want %d", name, got, err, n)
		}
	}
}
