package bedrock

import (
	"encoding/json"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// Prompt caching pays only when the prefix before a cache point reaches
// the model's minimum cacheable length; below it Bedrock caches nothing and
// the cache point is noise. Minimums per model family, in tokens (Bedrock's
// prompt caching documentation; Claude Haiku 4.5's 4,096 is in FACTS.md).
// A model not listed gets no cache points.
var minCachePrefix = []struct {
	family string // base model id prefix, no inference-profile prefix
	tokens int
}{
	{"anthropic.claude-haiku-4-5", 4096},
	{"anthropic.claude-opus-4-5", 4096},
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
