package litellm

import (
	"maps"

	"github.com/aigw-dev/aigw/internal/resolve"
)

// Environment variables config.yaml refers to (os.environ/<NAME>); the
// values wire them to Secrets and ConfigMaps.
const (
	envMasterKey     = "PROXY_MASTER_KEY" // upstream chart's name, from masterkeySecretName
	envRedisHost     = "REDIS_HOST"
	envRedisPort     = "REDIS_PORT"
	envRedisPassword = "REDIS_PASSWORD"
)

// ProxyBatchWriteAt is general_settings.proxy_batch_write_at: spend updates
// are written to the database in batches every this many seconds
// (LiteLLM's production guidance).
const ProxyBatchWriteAt = 60

// proxyConfig is LiteLLM's config.yaml, shared by both releases:
//
//   - model_list from the spec; API keys only as os.environ/ references to
//     the model-keys Secret (Bedrock models use the pod's IAM role);
//   - router_settings on Valkey (host, port and password from the
//     environment; TLS through REDIS_SSL) so that rpm/tpm limits and
//     cooldowns are coordinated across replicas;
//   - no cache section: response caching stays off;
//   - Prometheus metrics on the pod port (/metrics/, scraped by the
//     monitoring builder's PodMonitor): callbacks prometheus (request,
//     latency and deployment metrics; an enterprise feature, see
//     docs/operations.md) and service_callback prometheus_system (Postgres,
//     Redis and internal service health, no licence needed);
//   - general_settings: the master key from the environment, batched spend
//     writes, the connection pool (see PoolLimit) and store_model_in_db
//     false, because git is the source of truth for models.
func proxyConfig(g *resolve.Gateway, poolLimit int) map[string]any {
	models := make([]any, 0, len(g.LiteLLM.Models))
	for _, m := range g.LiteLLM.Models {
		params := maps.Clone(m.Params)
		if params == nil {
			params = map[string]any{}
		}
		params["model"] = m.Model
		if m.APIKeySecret != "" {
			params["api_key"] = "os.environ/" + resolve.ModelKeyEnv(m.APIKeySecret)
		}
		models = append(models, map[string]any{
			"model_name":     m.Name,
			"litellm_params": params,
		})
	}
	return map[string]any{
		"model_list": models,
		"litellm_settings": map[string]any{
			"request_timeout":  int(g.LiteLLM.RequestTimeoutSeconds),
			"json_logs":        true,
			"callbacks":        []any{"prometheus"},
			"service_callback": []any{"prometheus_system"},
		},
		"router_settings": map[string]any{
			"routing_strategy": "simple-shuffle",
			"redis_host":       "os.environ/" + envRedisHost,
			"redis_port":       "os.environ/" + envRedisPort,
			"redis_password":   "os.environ/" + envRedisPassword,
		},
		"general_settings": map[string]any{
			"master_key":                     "os.environ/" + envMasterKey,
			"proxy_batch_write_at":           ProxyBatchWriteAt,
			"database_connection_pool_limit": poolLimit,
			"store_model_in_db":              false,
		},
	}
}
