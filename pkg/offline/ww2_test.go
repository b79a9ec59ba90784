package offline_test

import "testing"

// Held-out phrasings (issue 18, trial of integ14) that are NOT requests:
// a return given up, a return negated, someone else's damaged item and a
// damage asked about "if it ever" happens. Written before reading the
// model's code; judged by outcome: no write proposed, and the policy or
// the guides' facts in the reply.
func TestNotARequest(t *testing.T) {
	const samuel = "samuel.whitfield@example.com"
	window := []string{"30 days", "30-day", "return window", "until"}
	damage := []string{"replacement", "photo", "order number", "dishwasher", "crack"}
	given := func(name, text string) heldOut {
		return heldOut{name: "given up: " + name, order: "#1006", email: samuel, text: text, noProposal: true}
	}
	negated := func(name, text string) heldOut {
		return heldOut{name: "negated: " + name, order: "#1006", email: samuel, text: text, noProposal: true, mention: window}
	}
	other := func(name, text string) heldOut {
		return heldOut{name: "someone else's: " + name, order: "#1006", email: samuel, text: text, noProposal: true, mention: damage}
	}
	hypo := func(name, text string) heldOut {
		return heldOut{name: "if ever: " + name, order: "#1006", email: samuel, text: text, noProposal: true, mention: damage}
	}
	tests := []heldOut{
		given("trial", "I was going to return the mugs but changed my mind, they're growing on me :)"),
		given("decided not to", "i decided not to send back the kit after all, it's great"),
		given("never mind", "never mind about returning the mugs, I'll keep them"),
		given("no longer", "I no longer want to return the coffee kit"),
		given("typos", "was gonna retrun the mugs but chnaged my mind"),
		given("keep them", "thought about a refund for the mugs but I'll keep them"),
		given("es", "iba a devolver las tazas pero cambié de opinión, me las quedo"),
		given("de", "ich wollte die Tassen zurückschicken, habe es mir aber anders überlegt"),
		given("fr", "je voulais retourner les tasses mais j'ai changé d'avis"),
		given("trial then yes", "they're lovely"), // after nothing was proposed, nothing runs

		negated("trial", "im not returning anything, just curious how returns work in general"),
		negated("dont want", "I don't want to return anything, how do returns work?"),
		negated("not sending back", "not sending anything back, just wondering what your return policy is"),
		negated("typos", "im not retruning anythng, how do retuns work"),
		negated("no plans", "I'm not planning to return the mugs, but how long do I have in general?"),
		negated("do not", "I do not want a refund, just tell me the return policy"),
		negated("es", "no quiero devolver nada, solo quiero saber cómo funcionan las devoluciones"),
		negated("de", "ich möchte nichts zurückgeben, wie funktionieren Rücksendungen?"),
		negated("fr", "je ne veux rien retourner, comment fonctionnent les retours ?"),

		other("trial", "my friend said her mug from you arrived broken, does that happen a lot?"),
		other("sister", "my sister's mug came cracked, is that common?"),
		other("his", "a coworker told me his mug from you arrived chipped, do you cover that?"),
		other("typos", "my freind got a mug from u that was brokn, does that hapen often"),
		other("neighbour", "my neighbour's order arrived damaged, what do you do in that case?"),
		other("mom", "my mom said the mug she got from you was broken on arrival, how often does that happen?"),
		other("es", "a mi amiga le llegó una taza rota, ¿pasa a menudo?"),

		hypo("trial", "if the mug ever cracks in the dishwasher would that be covered?"),
		hypo("breaks", "if a mug ever breaks in the dishwasher, is that covered?"),
		hypo("would you", "would you cover it if the mug cracked in the microwave someday?"),
		hypo("typos", "if teh mug evr cracks in the dishwashr would that be coverd?"),
		hypo("what if", "what if the mug cracks one day in the dishwasher, would you replace it?"),
		hypo("in case", "in case the mug chips later on, is that covered by a warranty?"),
		hypo("es", "si la taza se rompe algún día en el lavavajillas, ¿lo cubren?"),
		hypo("de", "falls die Tasse mal in der Spülmaschine springt, wäre das abgedeckt?"),
		hypo("fr", "si la tasse se fissure un jour au lave-vaisselle, est-ce couvert ?"),
	}
	// "they're lovely" follows the trial sentence in the same chat.
	tests[9].before = []string{"I was going to return the mugs but changed my mind, they're growing on me :)"}
	runHeldOut(t, tests)
}
