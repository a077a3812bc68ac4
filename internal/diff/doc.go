// Package diff compares the rendered objects of one environment at two
// revisions, object by object and field by field, and prints the result as
// terminal text, Markdown (a pull-request comment) or JSON.
//
// Objects are matched by API group, kind, namespace and name (an apiVersion
// change is a field change, not a replacement). A report starts with its
// danger section: every deletion or replacement of a stateful resource (a
// namespace, a volume claim, the gateway's database, cache and DNS zone, an
// AWS resource, anything Argo CD is told not to prune or delete), every
// change to a field the API server will not change in place, and every
// weakened protection (deletion protection, retain, Prune=false).
package diff
