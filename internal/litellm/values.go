package litellm

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
)

// Roles of the two releases, also their app.kubernetes.io/component label.
const (
	RoleAPI   = resolve.RoleAPI
	RoleAdmin = resolve.RoleAdmin
)

// Tuning of the releases.
const (
	// TargetCPUUtilization is the API HPA's CPU target (LiteLLM's guidance).
	TargetCPUUtilization = 60
	// ShutdownMarginSeconds is added to the request timeout to get the
	// termination grace period: the preStop pause plus time to close.
	ShutdownMarginSeconds = 30
	// PreStopSeconds lets the load balancer deregister a pod before LiteLLM
	// stops accepting connections.
	PreStopSeconds = 5
	// RuntimeDir is the only writable directory of the pods (an emptyDir):
	// HOME, TMPDIR, caches (Prisma engines), migrations and the admin UI
	// copy go there, through LiteLLM's documented variables.
	RuntimeDir = "/var/lib/litellm-runtime"
	// RuntimeSizeLimit bounds that emptyDir.
	RuntimeSizeLimit = "1Gi"
	// RunAsUser is the non-root user and group of the pods.
	RunAsUser = 65532
)

// Migration Job sizing and lifetime.
const (
	migrationCPU            = "500m"
	migrationMemory         = "1Gi"
	migrationBackoffLimit   = 4
	migrationDeadline       = 1800
	migrationTTL            = 3600
	runtimeVolume           = "runtime"
	automountToken          = false
	irsaRoleAnnotation      = "eks.amazonaws.com/role-arn"
	reloaderSecretsKey      = "secret.reloader.stakater.com/reload"
	reloaderConfigMapsKey   = "configmap.reloader.stakater.com/reload"
	envDatabaseEndpointHost = "AIGW_DATABASE_HOST"
	envDatabaseEndpointPort = "AIGW_DATABASE_PORT"
)

// ReleaseName is the contract's name of the release of role: the Helm
// release, and the name of its Deployment, Service and ServiceAccount.
func ReleaseName(g *resolve.Gateway, role string) string { return g.Contract().LiteLLM.Release(role) }

// releaseValues returns the chart values of one release. Keys are those of
// the official litellm-helm chart; where the upstream chart would fall back
// to something unsafe (a generated master key, a DATABASE_URL built by
// unescaped substitution, a bundled database) the values switch it off.
func releaseValues(g *resolve.Gateway, role string, kubeMinor int, poolLimit int) (map[string]any, error) {
	c := g.Contract()
	name := c.LiteLLM.Release(role)
	api := role == RoleAPI
	res := g.Admin.Resources
	if api {
		res = g.API.Resources
	}
	resources, err := component.GuaranteedResources(res.CPU, res.Memory)
	if err != nil {
		return nil, fmt.Errorf("%s resources: %w", role, err)
	}
	pool := c.NodePool
	podLabels := map[string]string{component.ComponentLabel: role}
	selector := map[string]string{component.NameLabel: c.LiteLLM.AppName, component.InstanceLabel: name, component.ComponentLabel: role}
	grace := int64(g.LiteLLM.RequestTimeoutSeconds) + ShutdownMarginSeconds

	sa := map[string]any{"create": true, "automount": automountToken, "name": name}
	// IRSA only: with EKS Pod Identity the association names the role, and
	// an IRSA annotation next to it would win in the SDK's credential chain.
	if g.LiteLLM.AWSIdentity == spec.AWSIdentityIRSA && g.LiteLLM.RoleArn != "" {
		sa["annotations"] = map[string]any{irsaRoleAnnotation: g.LiteLLM.RoleArn}
	}

	v := map[string]any{
		"nameOverride":     c.LiteLLM.AppName,
		"fullnameOverride": name,
		"image": map[string]any{
			"repository": g.LiteLLM.Image,
			"tag":        g.LiteLLM.Version,
			"pullPolicy": "IfNotPresent",
		},
		"serviceAccount":                sa,
		"podLabels":                     podLabels,
		"deploymentAnnotations":         reloaderAnnotations(g, role),
		"strategy":                      appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType, RollingUpdate: &appsv1.RollingUpdateDeployment{MaxUnavailable: ptr(intstr.FromInt32(0)), MaxSurge: ptr(intstr.FromInt32(1))}},
		"terminationGracePeriodSeconds": grace,
		"lifecycle":                     preStop(kubeMinor),
		"topologySpreadConstraints":     spread(selector),
		"podSecurityContext":            podSecurityContext(),
		"securityContext":               containerSecurityContext(),
		"resources":                     resources,
		"nodeSelector":                  pool.Selector(),
		// Repeats the node selection: the upstream chart gives its migration
		// Job affinity and tolerations but no nodeSelector.
		"affinity":    pool.Affinity(),
		"tolerations": pool.Tolerations(),
		"service":     map[string]any{"type": "ClusterIP", "port": c.LiteLLM.Port},
		"ingress":     map[string]any{"enabled": false},

		"masterkeySecretName": c.Secrets.LiteLLMKeys.Name,
		"masterkeySecretKey":  c.Secrets.LiteLLMKeys.MasterKey,
		"proxyConfigMap":      map[string]any{"create": true, "key": "config.yaml"},
		"proxy_config":        proxyConfig(g, poolLimit),
		// The connection comes from extraEnvVars (the host is in a ConfigMap
		// the upstream db.* keys cannot read): DATABASE_URL, with its TLS
		// mode, for the pods and the migration Job alike. Nothing bundled.
		"db":    map[string]any{"useExisting": false, "deployStandalone": false},
		"redis": map[string]any{"enabled": false},

		"envVars":      envVars(g, role),
		"extraEnvVars": extraEnvVars(g, role),
		"volumes": []corev1.Volume{{
			Name:         runtimeVolume,
			VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: ptr(resource.MustParse(RuntimeSizeLimit))}},
		}},
		"volumeMounts": []corev1.VolumeMount{{Name: runtimeVolume, MountPath: RuntimeDir}},
	}
	keys, err := resolve.ModelKeys(g.LiteLLM.Models)
	if err != nil {
		return nil, err
	}
	if len(keys) > 0 {
		v["environmentSecrets"] = []string{c.Secrets.ModelKeys}
	}

	if api {
		migrationResources, err := component.GuaranteedResources(migrationCPU, migrationMemory)
		if err != nil {
			return nil, err
		}
		v["replicaCount"] = g.API.Replicas.Min
		v["autoscaling"] = map[string]any{
			"enabled":                        true,
			"minReplicas":                    g.API.Replicas.Min,
			"maxReplicas":                    g.API.Replicas.Max,
			"targetCPUUtilizationPercentage": TargetCPUUtilization,
		}
		v["pdb"] = map[string]any{"enabled": true, "maxUnavailable": 1}
		v["migrationJob"] = map[string]any{
			"enabled":                 true,
			"backoffLimit":            migrationBackoffLimit,
			"activeDeadlineSeconds":   migrationDeadline,
			"ttlSecondsAfterFinished": migrationTTL,
			"resources":               migrationResources,
			"hooks": map[string]any{
				"argocd": map[string]any{"enabled": true},
				"helm":   map[string]any{"enabled": true, "weight": "1"},
			},
		}
	} else {
		v["replicaCount"] = g.Admin.Replicas
		v["autoscaling"] = map[string]any{"enabled": false}
		v["pdb"] = map[string]any{"enabled": g.Admin.Replicas >= 2, "maxUnavailable": 1}
		v["migrationJob"] = map[string]any{"enabled": false}
	}
	return plain(v)
}

// envVars are the plain variables (upstream envVars).
func envVars(g *resolve.Gateway, role string) map[string]string {
	env := map[string]string{
		// No .env loading in production.
		"LITELLM_MODE": "PRODUCTION",
		// Serving pods never touch the schema: the API release's migration
		// Job does (the chart sets it back to false in the Job). Set on
		// Admin explicitly: the upstream chart sets nothing when its
		// migration Job is off.
		"DISABLE_SCHEMA_UPDATE": "true",
		// Valkey in transit encryption (ElastiCache requires TLS with AUTH);
		// a preview's in-namespace Valkey speaks plain TCP.
		"REDIS_SSL": strconv.FormatBool(g.Contract().Cache.TLS),
		// uvicorn's idle keep-alive (proxy_cli --keepalive_timeout, envvar
		// KEEPALIVE_TIMEOUT; uvicorn's default is 5 s): longer than the ALB
		// idle timeout, so that the ALB closes idle connections first.
		"KEEPALIVE_TIMEOUT": strconv.Itoa(int(g.LiteLLM.KeepAliveSeconds)),
		// Read-only root filesystem: every write goes to RuntimeDir.
		"HOME":                    RuntimeDir,
		"TMPDIR":                  RuntimeDir,
		"XDG_CACHE_HOME":          RuntimeDir + "/cache",
		"PRISMA_BINARY_CACHE_DIR": RuntimeDir + "/cache/prisma-python/binaries",
		"LITELLM_MIGRATION_DIR":   RuntimeDir + "/migrations",
		"LITELLM_UI_PATH":         RuntimeDir + "/ui",
		"LITELLM_ASSETS_PATH":     RuntimeDir + "/assets",
	}
	switch role {
	case RoleAPI:
		env["DISABLE_ADMIN_UI"] = "true"
		env["NO_DOCS"] = "true"
		env["NO_REDOC"] = "true"
	case RoleAdmin:
		env["MICROSOFT_CLIENT_ID"] = g.SSO.ClientID
		env["MICROSOFT_TENANT"] = g.SSO.TenantID
		// The redirect URI registered in Entra ID is this plus /sso/callback.
		env["PROXY_BASE_URL"] = "https://" + g.AdminHost
		if g.SSO.AdminID != "" {
			env["PROXY_ADMIN_ID"] = g.SSO.AdminID
		}
	}
	return env
}

// extraEnvVars are the variables read from Secrets and ConfigMaps (upstream
// extraEnvVars). Kubernetes expands $(VAR) only from earlier entries, hence
// the order.
func extraEnvVars(g *resolve.Gateway, role string) []corev1.EnvVar {
	c := g.Contract()
	db, valkey, sec := c.Database.Endpoint, c.Cache.Endpoint, c.Secrets
	env := []corev1.EnvVar{
		configMapEnv(envDatabaseEndpointHost, db.ConfigMap, db.HostKey),
		configMapEnv(envDatabaseEndpointPort, db.ConfigMap, db.PortKey),
		configMapEnv("DATABASE_NAME", db.ConfigMap, db.DBNameKey),
		{Name: "DATABASE_USERNAME", Value: c.Database.Username},
		component.SecretEnv("DATABASE_PASSWORD", sec.Database.Name, sec.Database.PasswordKey),
		{Name: "DATABASE_URL", Value: DatabaseURL(g)},
		component.SecretEnv("LITELLM_SALT_KEY", sec.LiteLLMKeys.Name, sec.LiteLLMKeys.SaltKey),
		configMapEnv(envRedisHost, valkey.ConfigMap, valkey.HostKey),
		configMapEnv(envRedisPort, valkey.ConfigMap, valkey.PortKey),
		component.SecretEnv(envRedisPassword, sec.Valkey.Name, sec.Valkey.TokenKey),
	}
	if role == RoleAdmin {
		env = append(env, component.SecretEnv("MICROSOFT_CLIENT_SECRET", sec.SSO.Name, sec.SSO.ClientSecretKey))
	}
	// Enterprise features (SSO beyond 5 users among them) check the
	// licence in every process, so both releases get it.
	if l := sec.License; l.Name != "" {
		env = append(env, component.SecretEnv("LITELLM_LICENSE", l.Name, l.Key))
	}
	return env
}

// DatabaseURL is the DATABASE_URL of every LiteLLM container, assembled by
// Kubernetes' $(VAR) expansion from the variables before it (user, the
// generated password — letters and digits only, so nothing needs
// URL-encoding —, the endpoint ConfigMap's host, port and database name).
// sslmode=require: Aurora forces TLS and the client must not fall back to
// plain text; Prisma then encrypts without verifying the server (the image
// has no RDS CA bundle for verify-full). A preview's in-namespace
// PostgreSQL speaks plain TCP inside the namespace.
func DatabaseURL(g *resolve.Gateway) string {
	return "postgresql://$(DATABASE_USERNAME):$(DATABASE_PASSWORD)@$(" + envDatabaseEndpointHost + "):$(" + envDatabaseEndpointPort + ")/$(DATABASE_NAME)?sslmode=" + DatabaseSSLMode(g)
}

// DatabaseSSLMode is the sslmode of DatabaseURL: require for Aurora,
// disable for a preview's PostgreSQL pod.
func DatabaseSSLMode(g *resolve.Gateway) string {
	if g.Contract().Database.Pod != nil {
		return "disable"
	}
	return "require"
}

// reloaderAnnotations make Stakater Reloader restart the pods when a
// referenced Secret (rotated in Secrets Manager, synced by ESO) or endpoint
// ConfigMap (a replaced data store) changes. Their values are unknown at
// render time, so a checksum cannot do it; config.yaml, which aigw renders,
// is covered by the chart's checksum/config pod annotation.
func reloaderAnnotations(g *resolve.Gateway, role string) map[string]string {
	c := g.Contract()
	sec := c.Secrets
	names := []string{sec.Database.Name, sec.LiteLLMKeys.Name, sec.Valkey.Name}
	if role == RoleAdmin {
		names = append(names, sec.SSO.Name)
	}
	if keys, _ := resolve.ModelKeys(g.LiteLLM.Models); len(keys) > 0 {
		names = append(names, sec.ModelKeys)
	}
	if sec.License.Name != "" {
		names = append(names, sec.License.Name)
	}
	slices.Sort(names)
	return map[string]string{
		reloaderSecretsKey:    strings.Join(names, ","),
		reloaderConfigMapsKey: c.Database.Endpoint.ConfigMap + "," + c.Cache.Endpoint.ConfigMap,
	}
}

func configMapEnv(name, configMap, key string) corev1.EnvVar {
	return corev1.EnvVar{Name: name, ValueFrom: &corev1.EnvVarSource{ConfigMapKeyRef: &corev1.ConfigMapKeySelector{
		LocalObjectReference: corev1.LocalObjectReference{Name: configMap}, Key: key,
	}}}
}

// preStop pauses before shutdown: the sleep action from Kubernetes 1.30
// (no shell needed), a shell sleep before.
func preStop(kubeMinor int) corev1.Lifecycle {
	if kubeMinor >= 30 {
		return corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: PreStopSeconds}}}
	}
	return corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Exec: &corev1.ExecAction{Command: []string{"sh", "-c", "sleep " + strconv.Itoa(PreStopSeconds)}}}}
}

// spread keeps replicas apart across zones (strictly) and nodes (best
// effort), per ReplicaSet so that a rollout does not skew the count.
func spread(selector map[string]string) []corev1.TopologySpreadConstraint {
	sel := &metav1.LabelSelector{MatchLabels: selector}
	return []corev1.TopologySpreadConstraint{
		{MaxSkew: 1, TopologyKey: corev1.LabelTopologyZone, WhenUnsatisfiable: corev1.DoNotSchedule, LabelSelector: sel, MatchLabelKeys: []string{appsv1.DefaultDeploymentUniqueLabelKey}},
		{MaxSkew: 1, TopologyKey: corev1.LabelHostname, WhenUnsatisfiable: corev1.ScheduleAnyway, LabelSelector: sel, MatchLabelKeys: []string{appsv1.DefaultDeploymentUniqueLabelKey}},
	}
}

// podSecurityContext and containerSecurityContext meet the Pod Security
// Standard "restricted". The container context repeats the pod-level
// settings because the upstream chart's migration Job has no pod context.
func podSecurityContext() corev1.PodSecurityContext {
	return corev1.PodSecurityContext{
		RunAsNonRoot:   ptr(true),
		RunAsUser:      ptr(int64(RunAsUser)),
		RunAsGroup:     ptr(int64(RunAsUser)),
		FSGroup:        ptr(int64(RunAsUser)),
		SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
	}
}

func containerSecurityContext() corev1.SecurityContext {
	return corev1.SecurityContext{
		AllowPrivilegeEscalation: ptr(false),
		ReadOnlyRootFilesystem:   ptr(true),
		RunAsNonRoot:             ptr(true),
		RunAsUser:                ptr(int64(RunAsUser)),
		RunAsGroup:               ptr(int64(RunAsUser)),
		Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
		SeccompProfile:           &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
	}
}

func ptr[T any](v T) *T { return &v }

// plain turns typed values into the plain JSON form Helm works with (maps,
// slices, strings, float64 numbers, booleans), as if read from a values file.
func plain(v map[string]any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding chart values: %w", err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("decoding chart values: %w", err)
	}
	return out, nil
}
