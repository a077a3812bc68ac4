package nodes

import (
	"maps"

	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	awsv1 "github.com/aws/karpenter-provider-aws/pkg/apis/v1"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// The API group and version of EC2NodeClass (the provider's Go module
// exports no GroupVersion).
const (
	classGroup      = "karpenter.k8s.aws"
	classAPIVersion = classGroup + "/v1"
)

// Root volume of the nodes (AL2023's root device).
const (
	RootDevice     = "/dev/xvda"
	RootVolumeSize = "40Gi"
	rootVolumeType = "gp3"
	gp3IOPS        = 3000 // gp3 baseline, included in its price
	gp3Throughput  = 125  // MiB/s, gp3 baseline
)

// nodeClass describes the EC2 side of the pool's nodes.
func nodeClass(g *resolve.Gateway) (*awsv1.EC2NodeClass, error) {
	n := g.Nodes
	size, err := resource.ParseQuantity(RootVolumeSize)
	if err != nil {
		return nil, err
	}
	c := &awsv1.EC2NodeClass{
		TypeMeta:   metav1.TypeMeta{APIVersion: classAPIVersion, Kind: "EC2NodeClass"},
		ObjectMeta: metav1.ObjectMeta{Name: g.Contract().NodePool.Name, Labels: g.Labels()},
		Spec: awsv1.EC2NodeClassSpec{
			AMISelectorTerms:           []awsv1.AMISelectorTerm{{Alias: n.AMIAlias}},
			Role:                       n.NodeRole,
			SubnetSelectorTerms:        []awsv1.SubnetSelectorTerm{{Tags: maps.Clone(n.SubnetSelector)}},
			SecurityGroupSelectorTerms: []awsv1.SecurityGroupSelectorTerm{{Tags: maps.Clone(n.SecurityGroupSelector)}},
			// CapacityReservationSelectorTerms stays unset. The Go field has
			// no omitempty, so it serialises as null, which the render
			// pipeline drops (server-side apply rejects a null array, and an
			// empty list fails one of the CRD's CEL rules).
			// IMDSv2 only, and a hop limit of 1 so that pods (one hop further)
			// cannot reach the node's credentials: they use their own role.
			MetadataOptions: &awsv1.MetadataOptions{
				HTTPEndpoint:            ptr("enabled"),
				HTTPProtocolIPv6:        ptr("disabled"),
				HTTPPutResponseHopLimit: ptr(int64(1)),
				HTTPTokens:              ptr("required"),
			},
			BlockDeviceMappings: []*awsv1.BlockDeviceMapping{{
				DeviceName: ptr(RootDevice),
				RootVolume: true,
				EBS: &awsv1.BlockDevice{
					VolumeSize:          &size,
					VolumeType:          ptr(rootVolumeType),
					IOPS:                ptr(int64(gp3IOPS)),
					Throughput:          ptr(int64(gp3Throughput)),
					Encrypted:           ptr(true),
					DeleteOnTermination: ptr(true),
				},
			}},
			Tags: nodeTags(g),
		},
	}
	component.SetWave(c, component.WaveInfra)
	return c, nil
}

// nodeTags are put on the instances, volumes and network interfaces
// Karpenter launches: the gateway's labels and the pool name.
func nodeTags(g *resolve.Gateway) map[string]string {
	t := g.Labels()
	t[resolve.NodePoolLabel] = g.Contract().NodePool.Name
	return t
}

func ptr[T any](v T) *T { return &v }
