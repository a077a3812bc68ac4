package plugin

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Announcement mirrors Argo CD's ParameterAnnouncement (the JSON a dynamic
// parameters command prints).
type Announcement struct {
	Name           string            `json:"name"`
	Title          string            `json:"title,omitempty"`
	Tooltip        string            `json:"tooltip,omitempty"`
	Required       bool              `json:"required,omitempty"`
	ItemType       string            `json:"itemType,omitempty"`
	CollectionType string            `json:"collectionType,omitempty"`
	String         string            `json:"string,omitempty"`
	Array          []string          `json:"array,omitempty"`
	Map            map[string]string `json:"map,omitempty"`
}

// Announce returns the dynamic parameters for a spec that defines the given
// environments (sorted): the environment parameter with the choices in its
// tooltip, defaulting to the only environment when there is one. (Argo CD has
// no enumeration type for plugin parameters.)
func Announce(environments []string) ([]byte, error) {
	env := Announcement{
		Name:           ParamEnvironment,
		Title:          "Environment",
		Tooltip:        "Environment to render, one of: " + strings.Join(environments, ", "),
		Required:       true,
		ItemType:       "string",
		CollectionType: "string",
	}
	if len(environments) == 1 {
		env.String = environments[0]
	}
	b, err := json.Marshal([]Announcement{env})
	if err != nil {
		return nil, fmt.Errorf("encoding parameters: %w", err)
	}
	return append(b, '\n'), nil
}
