package stack

import "strings"

// profileRegions are the destination Regions of Bedrock's cross-Region
// (system-defined) inference profiles for Claude Haiku 4.5 by the prefix of
// the profile id, as AWS's "Supported Regions and models for inference
// profiles" and the model's card list them. A global profile routes to
// every commercial Region: a sample stands for them, with "" (the
// Region-less foundation-model ARN global profiles also need).
var profileRegions = map[string][]string{
	"us":     {"us-east-1", "us-east-2", "us-west-2"},
	"eu":     {"eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"},
	"apac":   {"ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2"},
	"jp":     {"ap-northeast-1", "ap-northeast-3"},
	"au":     {"ap-southeast-2", "ap-southeast-4"},
	"global": {"", "us-east-1", "eu-west-1", "ap-southeast-1", "sa-east-1", "ca-central-1"},
}

// InferenceProfile splits a Bedrock model id into the cross-Region
// profile's geography ("us", "eu", …) and the foundation model it serves;
// ok is false for a plain foundation-model id.
func InferenceProfile(id string) (geo, model string, ok bool) {
	geo, model, ok = strings.Cut(id, ".")
	if !ok || profileRegions[geo] == nil {
		return "", id, false
	}
	return geo, model, true
}

// ProfileRegions are the Regions a cross-Region profile id routes to (nil
// for a foundation-model id).
func ProfileRegions(id string) []string {
	geo, _, ok := InferenceProfile(id)
	if !ok {
		return nil
	}
	return profileRegions[geo]
}

// ProfileARN is the ARN of inference profile id invoked from region.
func ProfileARN(region, id string) string {
	return "arn:aws:bedrock:" + region + ":" + AccountID + ":inference-profile/" + id
}

// FoundationModelARN is the ARN of foundation model id in region ("" for a
// global profile's Region-less ARN).
func FoundationModelARN(region, id string) string {
	return "arn:aws:bedrock:" + region + "::foundation-model/" + id
}

// Authorization is one bedrock:InvokeModel check: a resource and the
// request context it is made with.
type Authorization struct {
	Resource string
	Context  map[string]string
}

// InvokeAuthorizations are the bedrock:InvokeModel checks a Converse call
// on id made from region passes: on the profile, and on its model in each
// Region the profile may route to, with the profile in the request context
// (bedrock:InferenceProfileArn); or, for a foundation-model id, on the
// model in region.
func InvokeAuthorizations(region, id string) []Authorization {
	geo, model, ok := InferenceProfile(id)
	if !ok {
		return []Authorization{{Resource: FoundationModelARN(region, id)}}
	}
	profile := ProfileARN(region, id)
	out := []Authorization{{Resource: profile}}
	for _, dest := range profileRegions[geo] {
		out = append(out, Authorization{Resource: FoundationModelARN(dest, model),
			Context: map[string]string{"bedrock:InferenceProfileArn": profile}})
	}
	return out
}

// ParsePolicy reads a policy document (JSON) as Allowed evaluates it.
func ParsePolicy(name string, doc []byte) (Policy, error) { return parsePolicy(name, doc) }
