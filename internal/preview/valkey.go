package preview

import (
	"strconv"

	corev1 "k8s.io/api/core/v1"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// Sizing of the preview's Valkey. LiteLLM keeps router coordination and
// rate-limit counters there; when full, least recently used keys go.
const (
	ValkeyCPU       = "100m"
	ValkeyMemory    = "256Mi"
	ValkeyMaxMemory = "192mb"
)

// valkeyACLDir is where the ACL file of the contract's Valkey Secret is mounted.
const valkeyACLDir = "/etc/valkey"

// valkey is the preview's Valkey: no persistence (no RDB snapshots, no
// append-only file), plain TCP, and the default user's password from the
// ACL file that External Secrets renders from the generated token
// (its ACLKey), so that the password is never on a command line.
// The probes run valkey-cli inside the container, authenticated from the
// environment (VALKEYCLI_AUTH, and REDISCLI_AUTH for 7.x images).
func valkey(g *resolve.Gateway) (*store, error) {
	res, err := component.GuaranteedResources(ValkeyCPU, ValkeyMemory)
	if err != nil {
		return nil, err
	}
	dataVol, err := emptyDir("data", "64Mi")
	if err != nil {
		return nil, err
	}
	c := g.Contract()
	vk, sec := c.Cache, c.Secrets.Valkey
	aclVol := corev1.Volume{Name: "acl", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{
		SecretName:  sec.Name,
		Items:       []corev1.KeyToPath{{Key: sec.ACLKey, Path: sec.ACLKey}},
		DefaultMode: ptr(int32(0o440)),
	}}}
	ping := []string{"valkey-cli", "-h", "127.0.0.1", "-p", strconv.Itoa(vk.Port), "ping"}
	return &store{
		name:     vk.Pod.Name,
		labels:   vk.Pod.Labels(),
		uid:      ValkeyUID,
		gid:      ValkeyGID,
		port:     int32(vk.Port),
		portName: "valkey",
		container: corev1.Container{
			Name:  "valkey",
			Image: ValkeyImage(g),
			Args: []string{
				"valkey-server",
				"--port", strconv.Itoa(vk.Port),
				"--aclfile", valkeyACLDir + "/" + sec.ACLKey,
				"--save", "",
				"--appendonly", "no",
				"--maxmemory", ValkeyMaxMemory,
				"--maxmemory-policy", "allkeys-lru",
			},
			Env: []corev1.EnvVar{
				component.SecretEnv("VALKEYCLI_AUTH", sec.Name, sec.TokenKey),
				component.SecretEnv("REDISCLI_AUTH", sec.Name, sec.TokenKey),
			},
			Resources: res,
			VolumeMounts: []corev1.VolumeMount{
				{Name: dataVol.Name, MountPath: "/data"},
				{Name: aclVol.Name, MountPath: valkeyACLDir, ReadOnly: true},
			},
			StartupProbe:   execProbe(2, 30, ping...),
			ReadinessProbe: execProbe(10, 3, ping...),
			LivenessProbe:  execProbe(20, 6, ping...),
		},
		volumes: []corev1.Volume{dataVol, aclVol},
	}, nil
}

// valkeyEndpoint is <gateway>-valkey-endpoint with the keys the cache
// Composition writes.
func valkeyEndpoint(g *resolve.Gateway) component.Object {
	vk := g.Contract().Cache
	return endpointConfigMap(g, vk.Endpoint.ConfigMap, map[string]string{
		vk.Endpoint.HostKey: serviceHost(g, vk.Pod.Name),
		vk.Endpoint.PortKey: strconv.Itoa(vk.Port),
	})
}
