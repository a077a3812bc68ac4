package chartsource

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/aigw-dev/aigw/internal/resolve"
)

func TestLoad(t *testing.T) {
	chart := func(name string) fstest.MapFS {
		return fstest.MapFS{
			"Chart.yaml":           {Data: []byte("apiVersion: v2\nname: " + name + "\nversion: 1.0.0\n")},
			"templates/a.yaml":     {Data: []byte("kind: ConfigMap\n")},
			".helmignore":          {Data: []byte("ignored.txt\n")},
			"ignored.txt":          {Data: []byte("x")},
			"templates/NOTES.txt":  {Data: []byte("notes")},
			"templates/_helper.tp": {Data: []byte("")},
		}
	}
	app := fstest.MapFS{}
	for name, f := range chart("local") {
		app["charts/litellm/"+name] = f
	}
	l := &Loader{Embedded: chart("embedded")}
	tests := []struct {
		name     string
		src      resolve.ChartSource
		app      fstest.MapFS
		wantDesc string
		wantErr  string
	}{
		{"embedded", resolve.ChartSource{Kind: resolve.ChartEmbedded}, nil, "embedded chart", ""},
		{"folder", resolve.ChartSource{Kind: resolve.ChartFolder, Path: "charts/litellm"}, app, `chart folder "charts/litellm" (spec.litellm.chart.path)`, ""},
		{"folder outside", resolve.ChartSource{Kind: resolve.ChartFolder, Path: "../x"}, app, "", "must be a folder inside the application folder"},
		{"folder missing", resolve.ChartSource{Kind: resolve.ChartFolder, Path: "nope"}, app, "", "does not exist"},
		{"no app folder", resolve.ChartSource{Kind: resolve.ChartFolder, Path: "charts/litellm"}, nil, "", "no application folder"},
		{"repository without version", resolve.ChartSource{Kind: resolve.ChartRepository, Repository: "https://example.com", Name: "litellm"}, nil, "", "needs name and version"},
		{"unknown", resolve.ChartSource{Kind: "ftp"}, nil, "", "unknown chart source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var appFS fs.FS // nil, not a nil MapFS, without an application folder
			if tt.app != nil {
				appFS = tt.app
			}
			ch, err := l.Load(context.Background(), tt.src, appFS)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ch.Desc != tt.wantDesc {
				t.Errorf("desc %q, want %q", ch.Desc, tt.wantDesc)
			}
			var names []string
			for _, f := range ch.Files {
				names = append(names, f.Name)
			}
			if strings.Join(names, ",") != ".helmignore,Chart.yaml,templates/NOTES.txt,templates/_helper.tp,templates/a.yaml" {
				t.Errorf("files %v (.helmignore rules and order)", names)
			}
		})
	}
}
