// Command function-slots is the aigw composition function that keeps only the
// used slots of a Composition's repeated or optional parts.
//
// function-patch-and-transform renders a fixed list of resource templates and
// cannot drop one: a variable number of Aurora instances or of client CIDR
// ingress rules, or an optional part (WAF logging), is written as a fixed set
// of slots (instance-1 ... instance-15). This function runs after it in the
// pipeline and removes from the desired state every slot beyond the count
// read from the composite resource, so that Crossplane creates the used slots
// and deletes the ones a smaller count no longer needs.
//
// Input (kind Slots, apiVersion slots.fn.aigw.dev/v1alpha1):
//
//	groups:
//	  - prefix: instance-        # slot resources are named <prefix><index>
//	    first: 1                 # index of the first slot
//	    countFieldPath: spec.instances
//	  - names: [log-group, logging]   # an optional part: all or none
//	    countFieldPath: spec.logging.enabled
//
// The count field of the observed composite resource may be an integer (the
// count), an array (its length) or a boolean (1 or 0). A missing field, a
// count beyond the slots the Composition holds, or a negative count is a fatal
// result: the function never guesses how many instances a database has.
//
// Run it like any function: --insecure --address=127.0.0.1:9443 for local
// rendering, mTLS certificates from --tls-server-certs-dir in a cluster.
package main
