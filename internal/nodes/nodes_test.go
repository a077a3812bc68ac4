package nodes_test

import (
	"bytes"
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	awsv1 "github.com/aws/karpenter-provider-aws/pkg/apis/v1"
	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	karpv1 "sigs.k8s.io/karpenter/pkg/apis/v1"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/nodes"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/crdschema"
	"github.com/aigw-dev/aigw/internal/testutil/example"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden" // defines -update for go test ./... -update
	"github.com/aigw-dev/aigw/internal/testutil/scheduling"
)

func TestDeterministic(t *testing.T) {
	g := example.Gateway(t, "dev")
	first := example.YAML(t, build(t, g))
	for range 5 {
		if !bytes.Equal(first, example.YAML(t, build(t, g))) {
			t.Fatal("two builds of the same gateway differ")
		}
	}
}

func variants(t *testing.T) map[string]*resolve.Gateway {
	out := map[string]*resolve.Gateway{}
	for _, env := range example.Environments() {
		out[env] = example.Gateway(t, env)
	}
	g := example.Gateway(t, "prod")
	g.Nodes.AMIAlias = "al2023@v20250505"
	g.Nodes.CapacityTypes = []string{"spot"}
	g.Nodes.InstanceFamilies = []string{"c8g"}
	g.Nodes.SubnetSelector = map[string]string{"Name": "private-*", "karpenter.sh/discovery": "eks"}
	out["custom"] = g
	return out
}

// TestValidAgainstCRDs checks both objects against Karpenter's CRDs as the
// API server would (schema and CEL rules) and that they already carry every
// value the API server defaults, so Argo CD shows no permanent diff.
func TestValidAgainstCRDs(t *testing.T) {
	set := crdschema.Upstream(t)
	for name, g := range variants(t) {
		t.Run(name, func(t *testing.T) {
			set.Check(t, build(t, g))
		})
	}
}

func objects(t *testing.T, g *resolve.Gateway) (*karpv1.NodePool, *awsv1.EC2NodeClass) {
	t.Helper()
	objs := buildObjects(t, g)
	if len(objs) != 2 {
		t.Fatalf("%d objects, want a NodePool and an EC2NodeClass", len(objs))
	}
	return objs[0].(*karpv1.NodePool), objs[1].(*awsv1.EC2NodeClass)
}

// TestPoolIsArm64OnlyAndTainted: every node of the pool is arm64, tainted
// for LiteLLM and labelled for it.
func TestPoolIsArm64OnlyAndTainted(t *testing.T) {
	for name, g := range variants(t) {
		t.Run(name, func(t *testing.T) {
			pool, _ := objects(t, g)
			name := g.Contract().NodePool.Name
			if pool.Name != name || name != g.Gateway+"-"+g.Environment.Name+"-litellm" {
				t.Errorf("pool name %q", pool.Name)
			}
			arch := 0
			for _, r := range pool.Spec.Template.Spec.Requirements {
				if r.Key == corev1.LabelArchStable {
					arch++
					if r.Operator != corev1.NodeSelectorOpIn || !slices.Equal(r.Values, []string{"arm64"}) {
						t.Errorf("arch requirement %+v, want In [arm64]", r)
					}
				}
				if r.Key == "karpenter.k8s.aws/instance-family" && !slices.Equal(r.Values, g.Nodes.InstanceFamilies) {
					t.Errorf("instance families %v, want %v", r.Values, g.Nodes.InstanceFamilies)
				}
				if r.Key == karpv1.CapacityTypeLabelKey && !slices.Equal(r.Values, g.Nodes.CapacityTypes) {
					t.Errorf("capacity types %v, want %v", r.Values, g.Nodes.CapacityTypes)
				}
			}
			if arch != 1 {
				t.Errorf("%d arch requirements, want exactly one", arch)
			}
			want := corev1.Taint{Key: resolve.NodeTaintKey, Value: name, Effect: corev1.TaintEffectNoSchedule}
			if !slices.Equal(pool.Spec.Template.Spec.Taints, []corev1.Taint{want}) {
				t.Errorf("taints %v, want %v", pool.Spec.Template.Spec.Taints, want)
			}
			if pool.Spec.Template.Labels[resolve.NodePoolLabel] != name {
				t.Errorf("node labels %v lack %s=%s", pool.Spec.Template.Labels, resolve.NodePoolLabel, name)
			}
			if ref := pool.Spec.Template.Spec.NodeClassRef; ref.Name != name || ref.Kind != "EC2NodeClass" || ref.Group != "karpenter.k8s.aws" {
				t.Errorf("nodeClassRef %+v", ref)
			}
		})
	}
}

// TestLiteLLMPodsFit: a pod spec built with NodeSelector and Tolerations
// runs on the pool; CheckPodSpec catches one that would not.
func TestLiteLLMPodsFit(t *testing.T) {
	g := example.Gateway(t, "prod")
	pool, _ := objects(t, g)
	ok := &corev1.PodSpec{NodeSelector: g.Contract().NodePool.Selector(), Tolerations: g.Contract().NodePool.Tolerations()}
	if err := scheduling.CheckPodSpec(g, ok); err != nil {
		t.Fatalf("the helpers' pod spec: %v", err)
	}
	// The selector matches the pool's nodes and the toleration its taint.
	for k, v := range ok.NodeSelector {
		if k == corev1.LabelArchStable {
			continue // set by Karpenter from the requirement
		}
		if pool.Spec.Template.Labels[k] != v {
			t.Errorf("nodeSelector %s=%s does not match the node labels %v", k, v, pool.Spec.Template.Labels)
		}
	}
	for _, taint := range pool.Spec.Template.Spec.Taints {
		if !ok.Tolerations[0].ToleratesTaint(logr.Discard(), &taint, false) {
			t.Errorf("toleration %v does not tolerate %v", ok.Tolerations[0], taint)
		}
	}
	tests := []struct {
		name   string
		mutate func(p *corev1.PodSpec)
		want   string
	}{
		{"no arch", func(p *corev1.PodSpec) { delete(p.NodeSelector, corev1.LabelArchStable) }, corev1.LabelArchStable},
		{"amd64", func(p *corev1.PodSpec) { p.NodeSelector[corev1.LabelArchStable] = "amd64" }, corev1.LabelArchStable},
		{"other pool", func(p *corev1.PodSpec) { p.NodeSelector[resolve.NodePoolLabel] = "x" }, resolve.NodePoolLabel},
		{"no toleration", func(p *corev1.PodSpec) { p.Tolerations = nil }, "toleration"},
		{"wrong value", func(p *corev1.PodSpec) { p.Tolerations[0].Value = "x" }, "toleration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &corev1.PodSpec{NodeSelector: g.Contract().NodePool.Selector(), Tolerations: g.Contract().NodePool.Tolerations()}
			tt.mutate(p)
			if err := scheduling.CheckPodSpec(g, p); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error about %s", err, tt.want)
			}
		})
	}
	// Exists tolerates too.
	p := &corev1.PodSpec{NodeSelector: g.Contract().NodePool.Selector(), Tolerations: []corev1.Toleration{{Key: resolve.NodeTaintKey, Operator: corev1.TolerationOpExists}}}
	if err := scheduling.CheckPodSpec(g, p); err != nil {
		t.Errorf("Exists toleration: %v", err)
	}
}

func TestDisruptionAndLimits(t *testing.T) {
	for name, g := range variants(t) {
		t.Run(name, func(t *testing.T) {
			pool, _ := objects(t, g)
			d := pool.Spec.Disruption
			if d.ConsolidationPolicy != karpv1.ConsolidationPolicyWhenEmptyOrUnderutilized {
				t.Errorf("consolidation policy %q", d.ConsolidationPolicy)
			}
			if d.ConsolidateAfter.Duration == nil || *d.ConsolidateAfter.Duration != nodes.ConsolidateAfter {
				t.Errorf("consolidateAfter %v", d.ConsolidateAfter)
			}
			if len(d.Budgets) != 1 || d.Budgets[0].Nodes != nodes.DisruptionBudget || d.Budgets[0].Reasons != nil || d.Budgets[0].Schedule != nil {
				t.Errorf("budgets %+v, want one budget of %s for every reason", d.Budgets, nodes.DisruptionBudget)
			}
			if e := pool.Spec.Template.Spec.ExpireAfter.Duration; e == nil || *e != 720*time.Hour {
				t.Errorf("expireAfter %v", pool.Spec.Template.Spec.ExpireAfter)
			}
			cpu, mem := pool.Spec.Limits[corev1.ResourceCPU], pool.Spec.Limits[corev1.ResourceMemory]
			if cpu.Cmp(resource.MustParse(g.Nodes.Limits.CPU)) != 0 || mem.Cmp(resource.MustParse(g.Nodes.Limits.Memory)) != 0 {
				t.Errorf("limits %v, want cpu %s memory %s", pool.Spec.Limits, g.Nodes.Limits.CPU, g.Nodes.Limits.Memory)
			}
		})
	}
	// Dev's limits come from its environment.
	pool, _ := objects(t, example.Gateway(t, "dev"))
	if cpu := pool.Spec.Limits[corev1.ResourceCPU]; cpu.String() != "16" {
		t.Errorf("dev cpu limit %s, want 16", cpu.String())
	}
}

func TestNodeClass(t *testing.T) {
	for name, g := range variants(t) {
		t.Run(name, func(t *testing.T) {
			_, class := objects(t, g)
			s := class.Spec
			if len(s.AMISelectorTerms) != 1 || s.AMISelectorTerms[0].Alias != g.Nodes.AMIAlias {
				t.Errorf("amiSelectorTerms %+v, want alias %s", s.AMISelectorTerms, g.Nodes.AMIAlias)
			}
			if s.Role != g.Nodes.NodeRole {
				t.Errorf("role %q", s.Role)
			}
			if len(s.SubnetSelectorTerms) != 1 || !reflect.DeepEqual(s.SubnetSelectorTerms[0].Tags, g.Nodes.SubnetSelector) {
				t.Errorf("subnet selector %+v", s.SubnetSelectorTerms)
			}
			if len(s.SecurityGroupSelectorTerms) != 1 || !reflect.DeepEqual(s.SecurityGroupSelectorTerms[0].Tags, g.Nodes.SecurityGroupSelector) {
				t.Errorf("security group selector %+v", s.SecurityGroupSelectorTerms)
			}
			m := s.MetadataOptions
			if m == nil || *m.HTTPTokens != "required" || *m.HTTPPutResponseHopLimit != 1 || *m.HTTPEndpoint != "enabled" {
				t.Errorf("metadata options %+v, want IMDSv2 required with hop limit 1", m)
			}
			if len(s.BlockDeviceMappings) != 1 {
				t.Fatalf("block devices %+v", s.BlockDeviceMappings)
			}
			root := s.BlockDeviceMappings[0]
			if !root.RootVolume || *root.EBS.VolumeType != "gp3" || !*root.EBS.Encrypted {
				t.Errorf("root volume %+v %+v, want an encrypted gp3 root volume", root, root.EBS)
			}
			if s.Tags["aigw.dev/gateway"] != g.Gateway || s.Tags["aigw.dev/environment"] != g.Environment.Name {
				t.Errorf("tags %v", s.Tags)
			}
			if class.Name != g.Contract().NodePool.Name {
				t.Errorf("class name %q", class.Name)
			}
		})
	}
}

func TestBuildErrors(t *testing.T) {
	for _, tt := range []struct {
		name   string
		mutate func(g *resolve.Gateway)
	}{
		{"cpu", func(g *resolve.Gateway) { g.Nodes.Limits.CPU = "lots" }},
		{"memory", func(g *resolve.Gateway) { g.Nodes.Limits.Memory = "64 GB" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := example.Gateway(t, "dev")
			tt.mutate(g)
			if _, err := nodes.New().Build(context.Background(), &component.Input{Gateway: g}); err == nil || !strings.Contains(err.Error(), "spec.nodes.limits."+tt.name) {
				t.Errorf("got %v, want an error naming spec.nodes.limits.%s", err, tt.name)
			}
		})
	}
	if _, err := nodes.New().Build(context.Background(), &component.Input{}); err == nil {
		t.Error("no error without a gateway")
	}
}

func TestWaves(t *testing.T) {
	for _, o := range buildObjects(t, example.Gateway(t, "dev")) {
		if w := o.GetAnnotations()[component.WaveAnnotation]; w != "-3" {
			t.Errorf("%s: wave %q, want %d", o.GetName(), w, component.WaveInfra)
		}
	}
}

func BenchmarkBuild(b *testing.B) {
	in := &component.Input{Gateway: example.Gateway(b, "prod")}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := nodes.New().Build(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
