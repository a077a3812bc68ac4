package promote

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aigw-dev/aigw/internal/diff"
	"github.com/aigw-dev/aigw/internal/spec"
)

// Guard names, for --allow.
const (
	GuardDataLoss           = "data-loss"
	GuardImmutableField     = "immutable-field"
	GuardDeletionProtection = "deletion-protection"
	GuardAPIReplicas        = "api-replicas"
	GuardDatabaseInstances  = "database-instances"
	GuardCacheMultiAZ       = "cache-multi-az"
	GuardAdminAllowlist     = "admin-allowlist"
)

// Guard describes one guard.
type Guard struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Guards lists every guard, in the order reports show them.
func Guards() []Guard {
	return []Guard{
		{GuardDataLoss, "no stateful resource (namespace, database, cache, DNS zone, volume, anything kept with Prune=false or Delete=false) is deleted, replaced or loses its protection"},
		{GuardImmutableField, "no immutable field changes (the sync would fail until the object is replaced)"},
		{GuardDeletionProtection, "production: the database has deletion protection on"},
		{GuardAPIReplicas, "production: at least two API replicas (api.replicas.min >= 2)"},
		{GuardDatabaseInstances, "production: at least two database instances (a writer and a reader in another zone)"},
		{GuardCacheMultiAZ, "production: a multi-AZ cache (cache.replicas >= 2)"},
		{GuardAdminAllowlist, "production: the admin host is restricted (access.adminAllowlist is not empty)"},
	}
}

// GuardNames are the names of Guards, in order.
func GuardNames() []string {
	var names []string
	for _, g := range Guards() {
		names = append(names, g.Name)
	}
	return names
}

// Status is the outcome of one guard.
type Status string

// Guard outcomes.
const (
	Pass    Status = "pass"
	Fail    Status = "fail"
	Allowed Status = "allowed"
	Skipped Status = "skipped"
)

// Result is one guard's outcome.
type Result struct {
	Guard  string `json:"guard"`
	Status Status `json:"status"`
	Detail string `json:"detail"`
}

// DiffGuards evaluates the guards that read the comparison: data-loss and
// immutable-field.
func DiffGuards(r *diff.Report) []Result {
	var loss, immutable []string
	for _, d := range r.Danger {
		item := fmt.Sprintf("%s (%s)", d.Ref, d.Kind)
		if d.Stateful {
			loss = append(loss, item)
		} else {
			immutable = append(immutable, item)
		}
	}
	return []Result{
		check(GuardDataLoss, len(loss) == 0, "no stateful resource is deleted, replaced or unprotected", "would lose data: "+strings.Join(loss, ", ")),
		check(GuardImmutableField, len(immutable) == 0, "no immutable field changes", "immutable fields change: "+strings.Join(immutable, ", ")),
	}
}

// firstPromotionGuards states the guards that read the comparison when the
// target has nothing deployed yet: there is nothing to lose and no field to
// change, which the report says instead of a bare pass.
func firstPromotionGuards(env, why string) []Result {
	detail := fmt.Sprintf("first promotion into %s (%s): nothing is deployed there yet, so ", env, why)
	return []Result{
		{Guard: GuardDataLoss, Status: Skipped, Detail: detail + "no stateful resource can be deleted, replaced or unprotected"},
		{Guard: GuardImmutableField, Status: Skipped, Detail: detail + "no immutable field can change"},
	}
}

// Guardrails evaluates the production guardrails on the target environment
// as the promotion leaves it. They are skipped for an environment whose tier
// is not production.
func Guardrails(env *spec.Environment) []Result {
	if env.Tier != spec.TierProduction {
		return skipGuardrails(fmt.Sprintf("%s is not a production environment (tier %s)", env.Name, env.Tier))
	}
	s := env.Settings
	protected := s.Database.DeletionProtection != nil && *s.Database.DeletionProtection
	return []Result{
		check(GuardDeletionProtection, protected, "database.deletionProtection is on", "database.deletionProtection is off"),
		check(GuardAPIReplicas, s.API.Replicas.Min >= 2,
			fmt.Sprintf("api.replicas.min is %d", s.API.Replicas.Min),
			fmt.Sprintf("api.replicas.min is %d; production needs at least 2", s.API.Replicas.Min)),
		check(GuardDatabaseInstances, s.Database.Instances >= 2,
			fmt.Sprintf("database.instances is %d", s.Database.Instances),
			fmt.Sprintf("database.instances is %d; production needs at least 2 (a reader to fail over to)", s.Database.Instances)),
		check(GuardCacheMultiAZ, s.Cache.Replicas >= 2,
			fmt.Sprintf("cache.replicas is %d (multi-AZ)", s.Cache.Replicas),
			fmt.Sprintf("cache.replicas is %d; production needs at least 2 for multi-AZ failover", s.Cache.Replicas)),
		check(GuardAdminAllowlist, len(s.Access.AdminAllowlist) > 0,
			fmt.Sprintf("access.adminAllowlist has %d CIDR(s)", len(s.Access.AdminAllowlist)),
			"access.adminAllowlist is empty: the admin host would be open to everyone"),
	}
}

// skipGuardrails marks every production guardrail skipped.
func skipGuardrails(why string) []Result {
	var out []Result
	for _, n := range []string{GuardDeletionProtection, GuardAPIReplicas, GuardDatabaseInstances, GuardCacheMultiAZ, GuardAdminAllowlist} {
		out = append(out, Result{Guard: n, Status: Skipped, Detail: why})
	}
	return out
}

func check(guard string, ok bool, pass, fail string) Result {
	if ok {
		return Result{Guard: guard, Status: Pass, Detail: pass}
	}
	return Result{Guard: guard, Status: Fail, Detail: fail}
}

// applyAllow turns the failures of the allowed guards into Allowed.
func applyAllow(results []Result, allow []string) {
	for i := range results {
		if results[i].Status == Fail && slices.Contains(allow, results[i].Guard) {
			results[i].Status = Allowed
			results[i].Detail += " (allowed by --allow " + results[i].Guard + ")"
		}
	}
}

// checkAllow refuses unknown guard names: a misspelled --allow must not
// look like an override that worked.
func checkAllow(allow []string) error {
	names := GuardNames()
	for _, a := range allow {
		if !slices.Contains(names, a) && a != AllowDirty {
			return fmt.Errorf("--allow %q: no such guard (guards: %s; and %s for uncommitted changes)", a, strings.Join(names, ", "), AllowDirty)
		}
	}
	return nil
}
