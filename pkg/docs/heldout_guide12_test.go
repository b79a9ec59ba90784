package docs

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/events"
)

// guide12Case is a product question asked the way new users asked them in
// trials, with the section of the demo guides whose passage must come
// first ("" with source: the guide's opening passage), or none when no
// guide answers it. Written before the ranking was changed; gap marks a
// case still wrong, so it fails once it starts passing.
type guide12Case struct {
	q       string
	source  string // a prefix of the guide's title; "" = nothing may be found
	section string
	gap     bool
}

var guide12Cases = []guide12Case{
	// Candle.
	{q: "how long does the candle burn in total?", source: "Beeswax", section: ""},
	{q: "what's the total burn time of the pillar candle", source: "Beeswax", section: ""},
	{q: "how many hours will my candle last altogether", source: "Beeswax", section: ""},
	{q: "how long does the candle take to burn all the way down", source: "Beeswax", section: ""},
	{q: "there's white stuff on my candle, is it mouldy?", source: "Beeswax", section: "White bloom on the surface", gap: true}, // "mouldy", a word no guide has, is half the question
	{q: "there's white stuff on my candle", source: "Beeswax", section: "White bloom on the surface"},
	{q: "my beeswax candle has a whitish film on top", source: "Beeswax", section: "White bloom on the surface"},
	{q: "how long should I burn the candle each time", source: "Beeswax", section: "How long to burn it"},
	{q: "the candle is tunneling down the middle", source: "Beeswax", section: "The first burn"},
	{q: "how short should i cut the wick", source: "Beeswax", section: "Trimming the wick"},
	{q: "where should i keep spare candles", source: "Beeswax", section: "Storage"},
	// Linen throw.
	{q: "can the throw go in the dryer", source: "Stonewashed", section: "Drying"},
	{q: "can I tumble dry the linen throw?", source: "Stonewashed", section: "Drying"},
	{q: "what temperature do i wash the throw at", source: "Stonewashed", section: "Washing"},
	{q: "does the throw shrink", source: "Stonewashed", section: "Shrinkage and pilling"},
	{q: "should I iron the linen blanket", source: "Stonewashed", section: "Ironing"},
	{q: "got red wine on my throw how do i get it out", source: "Stonewashed", section: "Stains"},
	// Board.
	{q: "how often do i oil the board", source: "Olivewood", section: "Oiling"},
	{q: "what oil should i use on the olive wood board", source: "Olivewood", section: "Oiling"},
	{q: "can i cut raw chicken on the serving board", source: "Olivewood", section: "Using the board"},
	{q: "is it ok to cut meat on the board", source: "Olivewood", section: "Using the board"},
	{q: "can I put the board in the dishwasher", source: "Olivewood", section: "Washing"},
	{q: "my board smells of garlic", source: "Olivewood", section: "Smells and stains"},
	{q: "how do I clean the board", source: "Olivewood", section: "Washing"},
	// Skillet.
	{q: "what's the oven limit on the skillet", source: "Cast-Iron", section: "Which cooktops it works on"},
	{q: "how hot can the skillet get in the oven", source: "Cast-Iron", section: "Which cooktops it works on"},
	{q: "does the skillet work on induction", source: "Cast-Iron", section: "Which cooktops it works on"},
	{q: "my pan has rust spots", source: "Cast-Iron", section: "Removing rust"},
	{q: "how do I re-season the cast iron", source: "Cast-Iron", section: "Re-seasoning the skillet"},
	{q: "can i use soap on the skillet", source: "Cast-Iron", section: "Cleaning after cooking"},
	{q: "how do i clean the pan", source: "Cast-Iron", section: "Cleaning after cooking"},
	// Mug.
	{q: "can i microwave the mug", source: "Harbor", section: "Dishwasher and microwave"},
	{q: "how much does the mug hold", source: "Harbor", section: "Size and capacity"},
	{q: "coffee stains inside my mug", source: "Harbor", section: "Cleaning tea and coffee stains"},
	// Coffee kit.
	{q: "how hot should the water be?", source: "Pour-Over", section: "Brewing step by step"},
	{q: "do u guys sell replacement filters", source: "Pour-Over", section: "Filters"},
	{q: "where can i buy more filters", source: "Pour-Over", section: "Filters"},
	{q: "what grind do i use", source: "Pour-Over", section: "Grind size"},
	{q: "how much coffee for 2 cups", source: "Pour-Over", section: "Coffee-to-water ratio"},
	{q: "can the carafe go on the stove", source: "Pour-Over", section: "Cleaning and care"},
	{q: "how do I descale the carafe", source: "Pour-Over", section: "Cleaning and care"},
	// Nothing answers these.
	{q: "how do I descale espresso machine"},
	{q: "how do I descale my espresso machine?"},
	{q: "how do I clean my sofa cushions"},
	{q: "do you sell a matching saucer for the mug"},
	{q: "is the candle safe to burn in a tent"},
}

// TestGuide12HeldOut: the first hit of each question is the passage that
// answers it, and a question no guide answers finds nothing.
func TestGuide12HeldOut(t *testing.T) {
	docs, err := LoadFS(events.Docs())
	if err != nil {
		t.Fatal(err)
	}
	ix := Build(docs)
	failed := 0
	for _, c := range guide12Cases {
		t.Run(c.q, func(t *testing.T) {
			hits := ix.Search(c.q, 3)
			ok := false
			switch {
			case c.source == "":
				ok = len(hits) == 0
			case len(hits) > 0:
				ok = strings.HasPrefix(hits[0].Source, c.source) && hits[0].Section == c.section
			}
			if !ok {
				failed++
			}
			switch {
			case c.gap && ok:
				t.Errorf("marked as a gap but passes: remove the mark")
			case !c.gap && !ok:
				t.Errorf("want %q > %q first, got:\n%s", c.source, c.section, describe(ix.rank(c.q, 3, true)))
			}
		})
	}
	t.Logf("%d of %d held-out questions wrong", failed, len(guide12Cases))
}
