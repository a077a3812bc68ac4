package spec

// patterns names the patterns that a field's `pattern` tag may refer to:
// the validator checks the field with the pattern, and the JSON Schema
// carries its expression, so that an editor flags a bad region, ID or GUID
// as it is typed. Length bounds checked outside the expression (see
// newPattern) are not in the schema's pattern.
var patterns = map[string]pattern{
	"region":        reRegion,
	"vpcId":         reVpc,
	"subnetId":      reSubnet,
	"imageTag":      reTag,
	"image":         reImage,
	"guid":          reGUID,
	"engineVersion": reEngine,
	"dbClass":       reDBClass,
	"cacheNode":     reCacheNode,
	"graviton":      reGraviton,
	"iamRole":       reIAMRole,
	"roleArn":       reRoleArn,
	"bucket":        reBucket,
	"quantity":      reQuantity,
}
