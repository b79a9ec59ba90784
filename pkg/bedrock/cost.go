package bedrock

import "github.com/doorstep-ai/doorstep/pkg/agent"

// Price is a model's on-demand price in US dollars per million tokens.
type Price struct {
	InputPerMTok      float64
	OutputPerMTok     float64
	CacheReadPerMTok  float64
	CacheWritePerMTok float64
}

// Prices are the published on-demand prices of the models doorstep uses,
// keyed by base model id (no inference-profile prefix). Nova bills cache
// reads at a quarter of the input price and cache writes at nothing.
var Prices = map[string]Price{
	"anthropic.claude-haiku-4-5-20251001-v1:0": {InputPerMTok: 1, OutputPerMTok: 5, CacheReadPerMTok: 0.10, CacheWritePerMTok: 1.25},
	"amazon.nova-micro-v1:0":                   {InputPerMTok: 0.035, OutputPerMTok: 0.14, CacheReadPerMTok: 0.00875},
	"amazon.nova-lite-v1:0":                    {InputPerMTok: 0.06, OutputPerMTok: 0.24, CacheReadPerMTok: 0.015},
}

// profilePrefixes are the cross-region inference-profile prefixes of model ids.
var profilePrefixes = []string{"us.", "eu.", "apac.", "global."}

// Cost is what usage u of modelID cost in US dollars; ok is false when the
// model's price is unknown. modelID may carry an inference-profile prefix
// such as "us." or "global.".
func Cost(modelID string, u agent.Usage) (cost float64, ok bool) {
	price, ok := Prices[baseModelID(modelID)]
	if !ok {
		return 0, false
	}
	cost = float64(u.InputTokens)*price.InputPerMTok +
		float64(u.OutputTokens)*price.OutputPerMTok +
		float64(u.CacheReadTokens)*price.CacheReadPerMTok +
		float64(u.CacheWriteTokens)*price.CacheWritePerMTok
	return cost / 1e6, true
}
