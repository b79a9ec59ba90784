package bedrock

import (
	"encoding/json"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// Prompt caching pays only when the prefix before a cache point reaches
// the model's minimum cacheable length ("minimum tokens per cache
// checkpoint"); below it Bedrock caches nothing and the cache point is
// noise. Minimums per model family, in tokens, from Bedrock's and
// Anthropic's prompt caching documentation (Claude Haiku 4.5: 4,096; also
// in FACTS.md). The first matching family wins, so a longer id comes
// before its prefix. A model not listed gets no cache points.
var minCachePrefix = []struct {
	family string // base model id prefix, no inference-profile prefix
	tokens int
}{
	{"anthropic.claude-haiku-4-5", 4096},
	{"anthropic.claude-opus-4-5", 4096},
	{"anthropic.claude-opus-4-6", 4096},
	{"anthropic.claude-3-5-haiku", 2048},
	{"anthropic.claude-3-7-sonnet", 1024},
	{"anthropic.claude-sonnet-4", 1024},
	{"anthropic.claude-opus-4", 1024},
	{"amazon.nova-", 1000},
}

// MinCachePrefix is the shortest prefix modelID caches, in tokens; 0 when
// the model is not known to cache.
func MinCachePrefix(modelID string) int {
	id := baseModelID(modelID)
	for _, m := range minCachePrefix {
		if strings.HasPrefix(id, m.family) {
			return m.tokens
		}
	}
	return 0
}

func baseModelID(modelID string) string {
	for _, p := range profilePrefixes {
		if rest, ok := strings.CutPrefix(modelID, p); ok {
			return rest
		}
	}
	return modelID
}

// estimateTokens counts text at four characters a token: an estimate,
// low for JSON schemas (which tokenize denser), so a cache point is placed
// only when the prefix clearly reaches the minimum.
func estimateTokens(chars int) int { return chars / 4 }

// cachePoints decides where req gets cache points for modelID: after the
// tools when the tools alone reach the model's minimum, after the system
// prompt when tools and system prompt together do (Bedrock's prefix runs
// tools, then system, then messages).
func cachePoints(modelID string, req agent.Request) (afterTools, afterSystem bool) {
	min := MinCachePrefix(modelID)
	if min == 0 {
		return false, false
	}
	tools := 0
	if len(req.Tools) > 0 {
		b, _ := json.Marshal(req.Tools)
		tools = estimateTokens(len(b))
	}
	system := estimateTokens(len(req.System))
	return len(req.Tools) > 0 && tools >= min, req.System != "" && tools+system >= min
}

// PaddingPays is the share of calls that must read a warm cache for a
// prefix of prefix tokens, padded up to modelID's minimum cacheable length
// so that it caches, to cost less than sending it uncached: padded calls
// cost min×write on a miss and min×read on a hit, against prefix×input.
// ok is false when the model's price or minimum is unknown, or when the
// prefix already reaches the minimum (no padding needed); share above 1
// means padding never pays.
func PaddingPays(modelID string, prefix int) (share float64, ok bool) {
	min := MinCachePrefix(modelID)
	price, known := Prices[baseModelID(modelID)]
	if min == 0 || !known || prefix >= min || price.CacheWritePerMTok <= price.CacheReadPerMTok {
		return 0, false
	}
	write, read, plain := float64(min)*price.CacheWritePerMTok, float64(min)*price.CacheReadPerMTok, float64(prefix)*price.InputPerMTok
	// hit·read + (1−hit)·write < plain  ⇔  hit > (write − plain) / (write − read)
	return (write - plain) / (write - read), true
}
