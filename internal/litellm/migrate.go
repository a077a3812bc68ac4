package litellm

import (
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// MigrationScript is the migration Job's program. LiteLLM's own entry
// point (litellm/proxy/prisma_migration.py) can exit 0 without migrating:
// it ignores a failing `prisma generate`, and its server start-up skips the
// migration when the Prisma CLI is not runnable. So the Job runs it, passes
// on its exit status, and then fails unless every migration the image
// ships (litellm_proxy_extras/migrations) is recorded as finished, not
// rolled back, in Prisma's _prisma_migrations table of DATABASE_URL.
const MigrationScript = `import asyncio, pathlib, subprocess, sys
rc = subprocess.run([sys.executable, "litellm/proxy/prisma_migration.py"]).returncode
if rc != 0:
    sys.exit(rc)
import litellm_proxy_extras
from prisma import Prisma
shipped = sorted(p.name for p in (pathlib.Path(litellm_proxy_extras.__file__).parent / "migrations").iterdir() if p.is_dir())
async def applied():
    db = Prisma()
    await db.connect()
    try:
        rows = await db.query_raw('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
    finally:
        await db.disconnect()
    return {r["migration_name"] for r in rows}
done = asyncio.run(applied())
missing = [m for m in shipped if m not in done]
if not shipped or missing:
    print("aigw: the database is not migrated; missing: " + (", ".join(missing) or "no migrations found in the image"), file=sys.stderr)
    sys.exit(1)
print("aigw: %d migrations applied" % len(shipped))
`

// setMigrationCommand replaces the Job's command with MigrationScript.
func setMigrationCommand(o *unstructured.Unstructured) error {
	containers, _, err := unstructured.NestedSlice(o.Object, "spec", "template", "spec", "containers")
	if err != nil || len(containers) != 1 {
		return fmt.Errorf("the migration Job must have exactly one container (err %v)", err)
	}
	c := containers[0].(map[string]any)
	c["command"] = []any{"python", "-c", MigrationScript}
	delete(c, "args")
	return unstructured.SetNestedSlice(o.Object, containers, "spec", "template", "spec", "containers")
}
