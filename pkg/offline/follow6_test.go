package offline_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out phrasings (issue 18, follow6), written before reading the model:
// a short follow-up with no verb of its own ("and X?", "what about X?")
// takes its intent from the previous turn and its subject from itself.
// Judged by outcome: the tool run, no write, the facts in the reply.
func TestFollow6ShortFollowUps(t *testing.T) {
	base, log := demoStack(t)
	const tom, maya, daniel, samuel = "tom.becker@example.com", "maya.okafor@example.com", "daniel.reyes@example.com", "samuel.whitfield@example.com"
	noTrack := []string{"not able to help", "can't help with that"}
	// 1. time of day after "out for delivery": the day, and plainly no time.
	when := func(name, text string) factCase {
		return factCase{name: name, order: "#1004", email: tom, before: []string{"where is my parcel?"}, text: text,
			tool: toolname.TrackOrder, noProposal: true, anyOf: []string{"out for delivery", "today"},
			has: []string{"time"}, unsaid: append([]string{"10 am", "morning delivery"}, noTrack...)}
	}
	// 2. the same docs question about a new subject.
	ship := func(name, first, text string, has ...string) factCase {
		return factCase{name: name, order: "#1004", email: tom, before: []string{first}, text: text,
			tool: toolname.SearchDocs, noProposal: true, has: has, unsaid: noTrack}
	}
	// 3. the same product's guide, another section.
	guide := func(name, text string) factCase {
		return factCase{name: name, order: "#1001", email: maya, before: []string{"what grind size should i use for the coffee kit?"},
			text: text, tool: toolname.SearchDocs, noProposal: true, anyOf: []string{"200", "205", "93"}, unsaid: noTrack}
	}
	// 4. emailing the number: chat can't send it; the number again.
	mail := func(name, text string) factCase {
		return factCase{name: name, order: "#1004", email: tom, before: []string{"what's my tracking number?"}, text: text,
			noProposal: true, has: []string{"9400111899561122334455"}, unsaid: []string{"i've emailed", "i have emailed", "email is on its way", "sent you an email"}}
	}
	// 6. a candle's whole burn time.
	burn := func(name, text string) factCase {
		return factCase{name: name, order: "#1003", email: daniel, before: []string{"how long should i burn the candle the first time?"},
			text: text, tool: toolname.SearchDocs, noProposal: true, has: []string{"60 hours"}, unsaid: noTrack}
	}
	_ = samuel
	runFacts(t, base, log, []factCase{
		when("trial", "what time roughly"),
		when("typo", "wat time roughly?"),
		when("and when", "and what time?"),
		when("what hour", "around what hour?"),
		when("morning", "morning or afternoon?"),
		when("es", "¿a qué hora más o menos?"),
		when("de", "Um wie viel Uhr ungefähr?"),
		ship("uk after po", "do you ship to PO boxes?", "what about the UK?", "outside the united states"),
		ship("uk after canada", "do you ship to Canada?", "what about the UK?", "outside the united states"),
		ship("and uk", "do you ship to Canada?", "and the uk?", "outside the united states"),
		ship("typo", "do you ship to canada", "waht about england?", "outside the united states"),
		ship("apo", "do you ship to Canada?", "and APO addresses?", "apo"),
		ship("fr", "do you ship to Canada?", "et la France ?", "outside the united states"),
		guide("trial", "and water temp?"),
		guide("what about", "what about the water temperature?"),
		guide("typo", "and wter temp?"),
		guide("how hot", "how hot?"),
		guide("de", "und die Wassertemperatur?"),
		mail("trial", "can you email me that?"),
		mail("send", "could you send that to my email"),
		mail("typo", "can u emial it to me"),
		mail("es", "¿me lo puedes mandar por correo?"),
		burn("trial", "and how long does one burn?"),
		burn("total", "how long does the whole candle last?"),
		burn("typo", "and how long dose one burn for?"),
		burn("hours", "how many hours of burning in total?"),
	})
}
