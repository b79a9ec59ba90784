package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// docTitles are the demo shop's documents, by the title a reply quotes.
var docTitles = []string{
	"Beeswax Pillar Candle", "Cast-Iron Skillet", "Harbor Stoneware Mug", "Stonewashed Linen Throw",
	"Olivewood Serving Board", "Pour-Over Coffee Kit", "Shipping and returns FAQ",
}

// Held-out phrasings of product care, how-to and shop-policy questions,
// written before the code that answers them: heavy typos, casual and
// indirect wording, Spanish, German and French. Each is judged by its
// outcome: the document the answer quotes (the product the customer
// names, else the order's item), a question back when neither says which
// product, "I don't know" and a person when no document answers, and no
// write called. A few typo-laden requests check that intent words are
// still recognised.
func TestHeldOutDocsPhrasings(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"      // #1001 coffee kit + filters (unshipped); #1007 skillet
		priya  = "priya.natarajan@example.com"  // #1002 linen throw
		daniel = "daniel.reyes@example.com"     // #1003 skillet + candle
		tom    = "tom.becker@example.com"       // #1004 mug + board
		grace  = "grace.liu@example.com"        // #1005 throw + candle
		samuel = "samuel.whitfield@example.com" // #1006 coffee kit + mug
	)
	tests := []struct {
		name         string
		order, email string
		before       []string
		text         string
		doc          string   // the document the answer quotes
		section      string   // and its section, when it matters
		ask          bool     // asks which product, quoting nothing
		noAnswer     bool     // says it doesn't know and offers a person, quoting nothing
		tool         string   // a request: the tool it calls (writes other than this one are still refused)
		contains     []string // words the reply has besides (the offer of a damage report, a date)
		// gap: a known miss (README, Known gaps): its outcome is logged
		// and counted, and it must still call no write tool.
		gap bool
	}{
		// Typos and casual care questions, with the order's items in view.
		{name: "candle bloom typos", order: "#1005", email: grace, text: "hii my candl got this whitish powdery coating on top, did i get a dud?", doc: "Beeswax Pillar Candle", section: "White bloom"},
		{name: "candle bloom misspelt as cancel-ish", order: "#1003", email: daniel, text: "the candel looks all white and dusty now?? is that normal", doc: "Beeswax Pillar Candle", section: "White bloom"},
		{name: "candle wick smokes", order: "#1005", email: grace, text: "the candel wick is to long and smokey what do i do", doc: "Beeswax Pillar Candle", section: "Trimming"},
		{name: "candle first burn", order: "#1003", email: daniel, text: "how long shud i burn the candle the frist time", doc: "Beeswax Pillar Candle", section: "first burn"},
		{name: "skillet rust", order: "#1003", email: daniel, text: "my skilett has some orange rust spots, how do i get rid of them", doc: "Cast-Iron Skillet", section: "rust"},
		{name: "skillet dishwasher typos", order: "#1003", email: daniel, text: "can the skillit go in the dishwaser?", doc: "Cast-Iron Skillet"},
		{name: "pan on induction", order: "#1007", email: maya, text: "does the pan work on an induciton hob", doc: "Cast-Iron Skillet", section: "cooktops"},
		{name: "mug microwave", order: "#1006", email: samuel, text: "is the mugg microwavable?", doc: "Harbor Stoneware Mug", section: "microwave"},
		{name: "coffee per cup", order: "#1006", email: samuel, text: "how mutch coffee per cup with the pourover", doc: "Pour-Over Coffee Kit", section: "ratio"},
		{name: "filter size typos", order: "#1006", email: samuel, text: "wat size filtres does the dripper take", doc: "Pour-Over Coffee Kit", section: "Filters"},
		{name: "carafe on the stove", order: "#1006", email: samuel, text: "can i put the carafe on the stove to keep it warm", doc: "Pour-Over Coffee Kit"},
		{name: "mug capacity", order: "#1004", email: tom, text: "how big is the mug, like how many ml", doc: "Harbor Stoneware Mug", section: "Size"},
		{name: "brown ring in the mug", order: "#1004", email: tom, text: "theres a brown ring inside my mug that wont wash off", doc: "Harbor Stoneware Mug", section: "stains"},
		{name: "board pale", order: "#1004", email: tom, text: "the board looks kinda pale and dry, shoud i oil it?", doc: "Olivewood Serving Board", section: "Oiling"},
		{name: "board garlic", order: "#1004", email: tom, text: "my serving bord stinks of garlic now lol", doc: "Olivewood Serving Board", section: "Smells"},
		{name: "throw wash temperature, order's only item", order: "#1002", email: priya, text: "what temp should i wash it at?", doc: "Stonewashed Linen Throw", section: "Washing"},
		{name: "throw ironing, order's only item", order: "#1002", email: priya, text: "can i iron it", doc: "Stonewashed Linen Throw", section: "Ironing"},
		{name: "throw shrink typos", order: "#1002", email: priya, text: "will the thorw shrinc in the wash?", doc: "Stonewashed Linen Throw", section: "Shrinkage"},
		{name: "skillet material, order's only item", order: "#1007", email: maya, text: "what's it made of?", doc: "Cast-Iron Skillet"},
		{name: "skillet dishwasher, order's only item", order: "#1007", email: maya, text: "is it dishwasher safe?", doc: "Cast-Iron Skillet"},
		// Asked whether what they see is normal or a fault: the guide's
		// passage on it, and the offer of a report if it is something else.
		{name: "candle mold?", order: "#1003", email: daniel, text: "the candle has white stuff on it, is that mold?", doc: "Beeswax Pillar Candle", section: "White bloom", contains: []string{"report"}},
		{name: "candle broken? typos", order: "#1003", email: daniel, text: "helo, the candel has white stuff on it, is it broken?", doc: "Beeswax Pillar Candle", section: "White bloom", contains: []string{"report"}},
		{name: "board oil how often", order: "#1004", email: tom, text: "how often should I oil the board?", doc: "Olivewood Serving Board", section: "Oiling"},
		{name: "fr: olive wood board, own order", order: "#1004", email: tom, text: "Comment nettoyer la planche en bois d'olivier ?", doc: "Olivewood Serving Board"},
		{name: "de: return window, own order", order: "#1003", email: daniel, text: "Wie lange habe ich Zeit, etwas zurückzuschicken?", doc: "Shipping and returns FAQ", section: "return"},
		{name: "policy and can I still return, typos", order: "#1006", email: samuel, text: "whats ur polcy on retruns? can i still send the cofee kit bak", tool: toolname.StartReturn, contains: []string{"return policy", "until", "Shall I go ahead"}},
		// No order in view.
		{name: "dishwasher, nothing named", text: "is it dishwasher safe?", ask: true},
		{name: "clean it, nothing named", text: "how do i clean it properly", ask: true},
		{name: "kettle in the box", text: "does the pour over kit come with a kettle?", doc: "Pour-Over Coffee Kit", section: "in the box"},
		{gap: true, name: "bamboo board not sold", text: "how do I care for my bamboo chopping board?", noAnswer: true},
		{name: "skillet warranty", text: "is there a warranty on the skillet?", noAnswer: true},
		{name: "guarantee", text: "do your products come with a guarantee?", noAnswer: true},
		// Shop policy.
		{name: "ship to the uk", text: "do u ship to the uk", doc: "Shipping and returns FAQ", section: "delivery"},
		{name: "send to australia", text: "can you send stuff to australia?", doc: "Shipping and returns FAQ", section: "delivery"},
		{name: "gift wrap typos", text: "can i get it giftwraped?", doc: "Shipping and returns FAQ", section: "gift"},
		{name: "return days", text: "how many days do i have to return stuff", doc: "Shipping and returns FAQ", section: "return policy"},
		{name: "returns window slang", text: "whats ur returns window", doc: "Shipping and returns FAQ", section: "return policy"},
		{name: "shipping price", text: "how much do you charge for shipping", doc: "Shipping and returns FAQ", section: "shipping cost"},
		// Spanish.
		{name: "es: mug dishwasher", text: "¿La taza se puede meter en el lavavajillas?", doc: "Harbor Stoneware Mug"},
		{name: "es: season the pan", text: "¿Cómo curo la sartén de hierro fundido?", doc: "Cast-Iron Skillet"},
		{name: "es: ship to Spain", text: "¿Envían a España?", doc: "Shipping and returns FAQ", section: "delivery"},
		{name: "es: gift wrap", text: "¿Puedo pedir envoltorio de regalo?", doc: "Shipping and returns FAQ", section: "gift"},
		{name: "es: return time", text: "¿Cuánto tiempo tengo para devolver algo?", doc: "Shipping and returns FAQ", section: "return"},
		// German.
		{name: "de: mug dishwasher", text: "Kann ich die Tasse in die Spülmaschine geben?", doc: "Harbor Stoneware Mug"},
		{name: "fr: olive wood board", text: "Comment nettoyer la planche en bois d'olivier ?", doc: "Olivewood Serving Board"},
		{name: "de: olive wood board", text: "Wie reinige ich das Schneidebrett aus Olivenholz?", doc: "Olivewood Serving Board"},
		{name: "de: oil the board", order: "#1004", email: tom, text: "Wie oft soll ich das Holzbrett ölen?", doc: "Olivewood Serving Board", section: "Oiling"},
		{name: "de: return time", text: "Wie lange habe ich Zeit für eine Rücksendung?", doc: "Shipping and returns FAQ", section: "return"},
		{name: "de: gift wrap", text: "Bietet ihr Geschenkverpackung an?", doc: "Shipping and returns FAQ", section: "gift"},
		{name: "de: walnut coffee maker, order's item", order: "#1001", email: maya, text: "Wie pflege ich den Kaffeebereiter aus Nussbaum?", doc: "Pour-Over Coffee Kit"},
		// French.
		{name: "fr: mug dishwasher", text: "Est-ce que la tasse va au lave-vaisselle ?", doc: "Harbor Stoneware Mug"},
		{name: "fr: clean the pan", text: "Comment nettoyer la poêle en fonte ?", doc: "Cast-Iron Skillet"},
		{name: "fr: ship to Canada", text: "Livrez-vous au Canada ?", doc: "Shipping and returns FAQ", section: "delivery"},
		{name: "fr: gift wrap", text: "Faites-vous des emballages cadeaux ?", doc: "Shipping and returns FAQ", section: "gift"},
		{name: "fr: linen throw care", text: "Comment entretenir le plaid en lin ?", doc: "Stonewashed Linen Throw"},
		{name: "fr: candle first burn", text: "Combien de temps dois-je laisser brûler la bougie la première fois ?", doc: "Beeswax Pillar Candle"},
		// Heavy typos of intent words are still requests.
		{name: "cancel typos", order: "#1001", email: maya, text: "plz cancell my oder", tool: toolname.CancelOrder},
		{name: "cancel heavy typo", order: "#1001", email: maya, text: "i want to cansel the order", tool: toolname.CancelOrder},
		{name: "return typos", order: "#1006", email: samuel, text: "i wnat to retrun the mug", tool: toolname.StartReturn},
		{name: "track typos", order: "#1003", email: daniel, text: "wheres my pakage, can u trak it", tool: toolname.TrackOrder},
	}
	failed, gaps := 0, 0
	for _, tt := range tests {
		ok := t.Run(tt.name, func(t *testing.T) {
			base, log := demoStack(t)
			c := chat(t, base, log, tt.order, tt.email)
			for _, s := range tt.before {
				c.say(s)
			}
			got := c.say(tt.text)
			errorf := t.Errorf
			if tt.gap {
				missed := false
				errorf = func(format string, args ...any) { missed = true; t.Logf("known gap: "+format, args...) }
				defer func() {
					if missed {
						gaps++
					} else {
						t.Errorf("a known gap passes now: take off its gap mark")
					}
				}()
			}
			for _, w := range writeTools {
				if w != tt.tool && got.called(w) {
					t.Errorf("called %s: tools %v", w, got.toolNames())
				}
			}
			for _, w := range tt.contains {
				if !strings.Contains(got.reply, w) {
					errorf("reply %q, want %q in it", got.reply, w)
				}
			}
			if tt.tool != "" {
				if !got.called(tt.tool) {
					errorf("tools %v, want %s", got.toolNames(), tt.tool)
				}
				return
			}
			quoted := quotedDocs(got.reply)
			switch {
			case tt.ask, tt.noAnswer:
				if len(quoted) > 0 {
					errorf("quoted %v, want none: %q", quoted, got.reply)
				}
				if tt.ask && !strings.Contains(got.reply, "?") {
					errorf("reply %q, want a question which product", got.reply)
				}
				if tt.noAnswer && !strings.Contains(got.reply, "team") && !strings.Contains(got.reply, "person") {
					errorf("reply %q, want the offer of a person", got.reply)
				}
			default:
				if !got.called(toolname.SearchDocs) {
					errorf("tools %v, want %s", got.toolNames(), toolname.SearchDocs)
				}
				if len(quoted) != 1 || quoted[0] != tt.doc {
					errorf("quoted %v, want only %q: %q", quoted, tt.doc, got.reply)
				}
				if tt.section != "" && !strings.Contains(strings.ToLower(firstLine(got.reply)), strings.ToLower(tt.section)) {
					errorf("quotes %q, want section %q", firstLine(got.reply), tt.section)
				}
			}
		})
		if !ok {
			failed++
		}
	}
	t.Logf("held-out docs phrasings: %d of %d failed, %d known gaps", failed, len(tests), gaps)
}

// quotedDocs are the demo documents a reply names.
func quotedDocs(reply string) []string {
	var out []string
	for _, d := range docTitles {
		if strings.Contains(reply, d) {
			out = append(out, d)
		}
	}
	return out
}
