package preview

import (
	"strconv"

	corev1 "k8s.io/api/core/v1"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// Sizing of the preview's PostgreSQL: enough for LiteLLM's schema and a
// pull request's worth of keys, spend logs and tests.
const (
	PostgresCPU      = "250m"
	PostgresMemory   = "512Mi"
	PostgresDataSize = "2Gi"
)

// Paths inside the PostgreSQL container. The data directory is a
// subdirectory of the mounted emptyDir, so that initdb creates it with the
// owner and mode it requires.
const (
	postgresDataMount = "/var/lib/postgresql"
	postgresPGData    = postgresDataMount + "/pgdata"
	postgresRunDir    = "/var/run/postgresql"
)

// postgres is the preview's PostgreSQL. The official image's entrypoint
// initialises the database on first start from POSTGRES_USER, POSTGRES_DB
// and POSTGRES_PASSWORD (the generated password of the contract's database Secret),
// with scram-sha-256 authentication for TCP clients; LiteLLM connects as
// the same user as to Aurora, without TLS (the traffic stays on the pod
// network of the node pool).
func postgres(g *resolve.Gateway) (*store, error) {
	image, err := PostgresImage(g)
	if err != nil {
		return nil, err
	}
	res, err := component.GuaranteedResources(PostgresCPU, PostgresMemory)
	if err != nil {
		return nil, err
	}
	dataVol, err := emptyDir("data", PostgresDataSize)
	if err != nil {
		return nil, err
	}
	runVol, err := emptyDir("run", "16Mi")
	if err != nil {
		return nil, err
	}
	tmpVol, err := emptyDir("tmp", "256Mi")
	if err != nil {
		return nil, err
	}
	c := g.Contract()
	db := c.Database
	ready := []string{"pg_isready", "--host=127.0.0.1", "--port=" + strconv.Itoa(db.Port),
		"--username=" + db.Username, "--dbname=" + db.Name}
	return &store{
		name:     db.Pod.Name,
		labels:   db.Pod.Labels(),
		uid:      PostgresUID,
		gid:      PostgresGID,
		port:     int32(db.Port),
		portName: "postgres",
		container: corev1.Container{
			Name:  "postgres",
			Image: image,
			Env: []corev1.EnvVar{
				{Name: "POSTGRES_USER", Value: db.Username},
				{Name: "POSTGRES_DB", Value: db.Name},
				component.SecretEnv("POSTGRES_PASSWORD", c.Secrets.Database.Name, c.Secrets.Database.PasswordKey),
				{Name: "PGDATA", Value: postgresPGData},
			},
			Resources: res,
			VolumeMounts: []corev1.VolumeMount{
				{Name: dataVol.Name, MountPath: postgresDataMount},
				{Name: runVol.Name, MountPath: postgresRunDir},
				{Name: tmpVol.Name, MountPath: "/tmp"},
			},
			// initdb and the first start take a while on a new node;
			// the server is ready once it accepts TCP connections.
			StartupProbe:   execProbe(5, 60, ready...),
			ReadinessProbe: execProbe(10, 3, ready...),
			LivenessProbe:  execProbe(20, 6, ready...),
		},
		volumes: []corev1.Volume{dataVol, runVol, tmpVol},
	}, nil
}

// postgresEndpoint is <gateway>-database-endpoint with the keys the
// database Composition writes.
func postgresEndpoint(g *resolve.Gateway) component.Object {
	db := g.Contract().Database
	host := serviceHost(g, db.Pod.Name)
	ep := db.Endpoint
	return endpointConfigMap(g, ep.ConfigMap, map[string]string{
		ep.HostKey:       host,
		ep.ReaderHostKey: host,
		ep.PortKey:       strconv.Itoa(db.Port),
		ep.DBNameKey:     db.Name,
	})
}
