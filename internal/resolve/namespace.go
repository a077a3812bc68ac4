package resolve

// SyncOptionsAnnotation is Argo CD's per-resource sync options annotation.
const SyncOptionsAnnotation = "argocd.argoproj.io/sync-options"

// Namespace is what the Namespace carries besides its name
// (Gateway.Namespace), the gateway's labels and the Pod Security labels.
type Namespace struct {
	// Labels: a preview's namespace carries PreviewOfLabel, by which its
	// source environment's Gateway admits its routes (Edge.Previews).
	Labels map[string]string
	// Annotations: Argo CD never prunes or deletes an environment's
	// namespace with its Application.
	Annotations map[string]string
}

// namespaceContract keeps an environment's namespace and lets a
// preview's go with its Application.
func namespaceContract(g *Gateway) Namespace {
	if g.Preview != nil {
		// It holds no cloud resource and no data worth keeping, so
		// deleting the Application (its resources finalizer) deletes
		// everything.
		return Namespace{Labels: map[string]string{PreviewOfLabel: g.PreviewOf()}}
	}
	// It holds the data-store composites: pruning or deleting it with the
	// Application would cascade into the database.
	return Namespace{Annotations: map[string]string{SyncOptionsAnnotation: "Prune=false,Delete=false"}}
}
