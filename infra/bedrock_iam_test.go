package infra

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/infra/stack"
)

// The chat and email functions may invoke the configured model: through
// the inference profile, on the profile and on the model in every Region
// the profile routes to; never the model directly, nor another model, nor
// through another profile. A plain model id is invoked in the stack's
// Region only.
func TestBedrockInvokePermissions(t *testing.T) {
	tmpl, err := stack.Translate(filepath.Join(repoRoot, "template.yaml"), map[string]string{"ShopifyWebhookSecret": "s", "SupportEmail": "help@shop.example"})
	if err != nil {
		t.Fatal(err)
	}
	const model = "anthropic.claude-haiku-4-5-20251001-v1:0"
	type check struct {
		resource string
		ctx      map[string]string
		want     bool
	}
	cases := []struct {
		name, modelID string
		extra         []check
	}{
		{name: "default us profile", modelID: "", extra: []check{
			{resource: stack.FoundationModelARN("us-east-1", model), want: false},
			{resource: stack.FoundationModelARN("us-west-2", model), ctx: profileCtx("us-east-1", "us.anthropic.other-model-v1:0"), want: false},
			{resource: stack.FoundationModelARN("us-west-2", "anthropic.other-model-v1:0"), ctx: profileCtx("us-east-1", "us."+model), want: false},
			{resource: stack.ProfileARN("us-east-1", "us.anthropic.other-model-v1:0"), want: false},
		}},
		{name: "eu profile", modelID: "eu." + model, extra: []check{
			{resource: stack.FoundationModelARN("eu-west-1", model), want: false},
		}},
		{name: "apac profile", modelID: "apac." + model},
		{name: "global profile", modelID: "global." + model},
		{name: "a model served on demand", modelID: model, extra: []check{
			{resource: stack.FoundationModelARN("us-west-2", model), want: false},
			{resource: stack.ProfileARN("us-east-1", "us."+model), want: false},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			params := map[string]string{"ShopifyWebhookSecret": "s", "SupportEmail": "help@shop.example"}
			id := "us." + model
			if tc.modelID != "" {
				id = tc.modelID
				params["BedrockModelId"] = id
			}
			r, err := stack.NewResolver(tmpl, params)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Params["BedrockModelId"]; got != id {
				t.Fatalf("BedrockModelId resolves to %q, want %q (has its default changed?)", got, id)
			}
			want := stack.InvokeAuthorizations(stack.Region, id)
			if geo, _, ok := stack.InferenceProfile(id); ok && len(stack.ProfileRegions(id)) < 2 {
				t.Fatalf("the %s profile routes to %v: the test table lost its Regions", geo, stack.ProfileRegions(id))
			}
			for _, fn := range []string{"ChatFunction", "EmailInboundFunction"} {
				pols := bedrockPolicies(t, tmpl, r, fn+"Role")
				for _, a := range want {
					if !stack.Allowed(pols, "bedrock:InvokeModel", a.Resource, a.Context) {
						t.Errorf("%s may not invoke %s (context %v): a Converse call on %s would be denied", fn, a.Resource, a.Context, id)
					}
				}
				for _, c := range tc.extra {
					if got := stack.Allowed(pols, "bedrock:InvokeModel", c.resource, c.ctx); got != c.want {
						t.Errorf("%s invoking %s (context %v): allowed %v, want %v", fn, c.resource, c.ctx, got, c.want)
					}
				}
			}
		})
	}
}

func profileCtx(region, id string) map[string]string {
	return map[string]string{"bedrock:InferenceProfileArn": stack.ProfileARN(region, id)}
}

// bedrockPolicies are the statements of role's inline policies that name a
// bedrock action, resolved with r (the others may name resources not
// created here).
func bedrockPolicies(t *testing.T, tmpl *stack.Template, r *stack.Resolver, role string) []stack.Policy {
	t.Helper()
	res, ok := tmpl.Resources[role]
	if !ok {
		t.Fatalf("the translated template has no %s", role)
	}
	pols, _ := res.Properties["Policies"].([]any)
	var stmts []any
	for _, p := range pols {
		doc, _ := p.(map[string]any)["PolicyDocument"].(map[string]any)
		list, _ := doc["Statement"].([]any)
		for _, s := range list {
			raw, _ := json.Marshal(s)
			if !strings.Contains(string(raw), `bedrock:`) {
				continue
			}
			ev, err := r.Eval(s)
			if err != nil {
				t.Fatalf("%s: resolve %s: %v", role, raw, err)
			}
			if ev != nil {
				if _, isMap := ev.(map[string]any); isMap {
					stmts = append(stmts, ev)
				}
			}
		}
	}
	if len(stmts) == 0 {
		t.Fatalf("%s has no Bedrock statement", role)
	}
	doc, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": stmts})
	pol, err := stack.ParsePolicy(role, doc)
	if err != nil {
		t.Fatal(err)
	}
	return []stack.Policy{pol}
}
