package secrets

import "github.com/aigw-dev/aigw/internal/resolve"

// ValkeyACLTemplate is the ESO template of the Valkey Secret's ACL key
// (a preview only): the default user, with the token as its password and
// every permission. It references the generated key; it holds no value.
func ValkeyACLTemplate(s resolve.ValkeySecret) string {
	return "user default on >{{ ." + s.TokenKey + " }} ~* &* +@all\n"
}

// Secrets Manager names, all under spec.secrets.prefix.
const (
	remoteDatabase  = "database-master"
	remoteValkey    = "valkey-auth"
	remoteMasterKey = "litellm-master-key"
	remoteSaltKey   = "litellm-salt-key"
)

// RemoteName is the Secrets Manager name of an entry under the prefix.
func RemoteName(g *resolve.Gateway, name string) string {
	return g.Secrets.Prefix + "/" + name
}
