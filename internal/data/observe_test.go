package data

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// A stand-in for AWS and the providers: observe turns the desired composed
// resources of one render into the observed resources of the next, each with
// the status a provider reports for its kind once the resource exists
// (ARNs, endpoints, name servers, validation options) and Ready and Synced
// conditions. Every value is derived from the resource's name, so renders are
// deterministic.

const (
	fakeAccount = "123456789012"
	// fakeOwnerUID stands in for the composite's UID in composed resources'
	// owner references (render leaves it empty; the API server wants one).
	fakeOwnerUID = "6f1b0c2e-9d4a-4c8e-8f5b-2a7d3e1c0b9a"
)

// observe returns what exists after Crossplane applied desired and the
// providers reconciled it.
func observe(desired []*unstructured.Unstructured) []*unstructured.Unstructured {
	validated := false
	for _, d := range desired {
		if d.GetKind() == "CertificateValidation" {
			validated = true
		}
	}
	out := make([]*unstructured.Unstructured, 0, len(desired))
	for _, d := range desired {
		o := d.DeepCopy()
		if strings.HasSuffix(o.GroupVersionKind().Group, ".aws.m.upbound.io") {
			at := atProvider(o, validated)
			at["id"] = o.GetName()
			_ = unstructured.SetNestedMap(o.Object, at, "status", "atProvider")
			_ = unstructured.SetNestedSlice(o.Object, []any{
				condition("Ready", "Available"),
				condition("Synced", "ReconcileSuccess"),
			}, "status", "conditions")
		}
		out = append(out, o)
	}
	return out
}

func condition(typ, reason string) map[string]any {
	return map[string]any{"type": typ, "status": "True", "reason": reason, "lastTransitionTime": "2024-01-01T00:00:00Z"}
}

// atProvider is the observed state of one managed resource.
func atProvider(o *unstructured.Unstructured, validated bool) map[string]any {
	name := o.GetName()
	region, _, _ := unstructured.NestedString(o.Object, "spec", "forProvider", "region")
	if region == "" {
		region = "us-east-1"
	}
	h := fakeHash(o.GetKind() + "/" + name)
	uuid := fmt.Sprintf("%s-%s-%s-%s-%s", h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])
	arn := func(service, resource string) string {
		return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, region, fakeAccount, resource)
	}
	switch o.GetKind() {
	case "Key":
		return map[string]any{"arn": arn("kms", "key/"+uuid), "keyId": uuid}
	case "Cluster":
		host := fmt.Sprintf("%s.cluster-c%s.%s.rds.amazonaws.com", name, h[:11], region)
		return map[string]any{
			"arn":            arn("rds", "cluster:"+name),
			"endpoint":       host,
			"readerEndpoint": strings.Replace(host, ".cluster-", ".cluster-ro-", 1),
			"port":           int64(5432),
		}
	case "ClusterInstance":
		return map[string]any{"arn": arn("rds", "db:"+name)}
	case "ReplicationGroup":
		return map[string]any{
			"arn":                    arn("elasticache", "replicationgroup:"+name),
			"primaryEndpointAddress": fmt.Sprintf("master.%s.%s.euw1.cache.amazonaws.com", name, h[:6]),
			"readerEndpointAddress":  fmt.Sprintf("replica.%s.%s.euw1.cache.amazonaws.com", name, h[:6]),
			"port":                   int64(6379),
		}
	case "IPSet":
		return map[string]any{"arn": arn("wafv2", "regional/ipset/"+name+"/"+uuid)}
	case "WebACL":
		return map[string]any{"arn": arn("wafv2", "regional/webacl/"+name+"/"+uuid), "capacity": int64(1207)}
	case "Group":
		return map[string]any{"arn": arn("logs", "log-group:"+name)}
	case "Zone":
		zone := "Z" + strings.ToUpper(h[:20])
		return map[string]any{
			"arn":    "arn:aws:route53:::hostedzone/" + zone,
			"zoneId": zone,
			"nameServers": []any{
				"ns-" + fmt.Sprint(int(h[0])*7) + ".awsdns-12.org",
				"ns-" + fmt.Sprint(int(h[1])*5) + ".awsdns-34.co.uk",
				"ns-" + fmt.Sprint(int(h[2])*3) + ".awsdns-56.com",
				"ns-" + fmt.Sprint(int(h[3])*2) + ".awsdns-07.net",
			},
		}
	case "Certificate":
		domain, _, _ := unstructured.NestedString(o.Object, "spec", "forProvider", "domainName")
		record := map[string]any{
			"resourceRecordName":  "_" + h[:32] + "." + domain + ".",
			"resourceRecordType":  "CNAME",
			"resourceRecordValue": "_" + h[32:64] + ".xlfgrmvvlj.acm-validations.aws.",
		}
		var options []any
		for _, d := range []string{"*." + domain, domain} {
			opt := map[string]any{"domainName": d}
			for k, v := range record {
				opt[k] = v
			}
			options = append(options, opt)
		}
		status := "PENDING_VALIDATION"
		if validated {
			status = "ISSUED"
		}
		return map[string]any{"arn": arn("acm", "certificate/"+uuid), "domainValidationOptions": options, "status": status}
	case "Record":
		n, _, _ := unstructured.NestedString(o.Object, "spec", "forProvider", "name")
		return map[string]any{"fqdn": strings.TrimSuffix(n, ".")}
	case "SecurityGroup":
		return map[string]any{"arn": arn("ec2", "security-group/sg-"+h[:17])}
	case "Topic":
		return map[string]any{"arn": arn("sns", name)}
	case "MetricAlarm":
		return map[string]any{"arn": arn("cloudwatch", "alarm:"+name)}
	}
	return map[string]any{}
}

func fakeHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
