package offline_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out phrasings (issue 18) for the classes fresh7b left as gaps:
// a whole-order return said loosely, a return said after praise of
// another line, one unit of two ordered by accident, stopping an order
// before it ships (but not stopping updates), a misspelt variant in an
// exchange, and a house number corrected after an address proposal.
// Written before reading the model's code; judged by outcome through the
// real agent path (f7run: the proposal, nothing before a yes, the writes
// after it).
var g7cases = []f7case{
	// A whole-order return said loosely.
	f7bsamuel("g7 none of it works", "none of it works for me, please take everything back and refund", toolname.StartReturn, ret(f7Kit, f7Mugs)),
	f7bsamuel("g7 send the lot typo", "i wanna send the hole lot back", toolname.StartReturn, ret(f7Kit, f7Mugs)),
	f7bsamuel("g7 entire order refund", "refund my entire order please", toolname.StartReturn, ret(f7Kit, f7Mugs)),
	f7bsamuel("g7 es todo el pedido", "quiero devolver todo el pedido", toolname.StartReturn, ret(f7Kit, f7Mugs)),
	f7bsamuel("g7 de ganze bestellung", "Ich möchte die ganze Bestellung zurückgeben", toolname.StartReturn, ret(f7Kit, f7Mugs)),
	f7bsamuel("g7 fr tout renvoyer", "je veux tout renvoyer et être remboursé", toolname.StartReturn, ret(f7Kit, f7Mugs)),
	// A return after praise of another line.
	f7bsamuel("g7 mugs great kit back", "the mugs are great but the kit is going back", toolname.StartReturn, ret(f7Kit)).
		with(func(c *f7case) { c.not = []string{"Stoneware Mug"} }),
	f7bsamuel("g7 kit fab mugs return", "Loving the coffee kit, fab. The mugs though I want to return", toolname.StartReturn, ret(f7Mugs)).
		with(func(c *f7case) { c.not = []string{"Coffee Kit"} }),
	f7bsamuel("g7 keep mugs return kit", "keeping the mugs, returning the kit", toolname.StartReturn, ret(f7Kit)).
		with(func(c *f7case) { c.not = []string{"Stoneware Mug"} }),
	f7bsamuel("g7 es tazas bien kit no", "las tazas me encantan, pero el kit lo quiero devolver", toolname.StartReturn, ret(f7Kit)).
		with(func(c *f7case) { c.not = []string{"Stoneware Mug"} }),
	// One unit of two ordered by accident (delivered: a return of one).
	f7bsamuel("g7 meant one not two", "i meant to order one mug not two", toolname.StartReturn, ret(f7OneMug)),
	f7bsamuel("g7 got 2 wanted 1 typo", "ordred 2 by mistake, only wantd 1", toolname.StartReturn, ret(f7OneMug)),
	f7bsamuel("g7 one too many", "I ordered one mug too many, can I send the extra back?", toolname.StartReturn, ret(f7OneMug)),
	f7bsamuel("g7 de versehentlich zwei", "ich habe aus Versehen zwei Tassen bestellt, wollte nur eine", toolname.StartReturn, ret(f7OneMug)),
	// Stopping an order before it ships; stopping updates is no cancel.
	f7bmaya("g7 halt the order", "please halt my order before it goes out", toolname.CancelOrder, f7Cancel),
	f7bmaya("g7 stop it shipping typo", "can u stop my ordr from shipping", toolname.CancelOrder, f7Cancel),
	f7bmaya("g7 dont send it", "dont send it, i dont want it anymore", toolname.CancelOrder, f7Cancel),
	f7bmaya("g7 es detener pedido", "¿pueden detener mi pedido antes de que se envíe?", toolname.CancelOrder, f7Cancel),
	f7bmaya("g7 stop order emails", "stop my order updates please, too many emails", ""),
	f7bmaya("g7 stop sending notifications", "can you stop sending me notifications about the order", ""),
	// A misspelt variant in an exchange.
	f7bsamuel("g7 charcaol swap", "swap the mugs for charcaol please", toolname.ExchangeItem, exch(f7Mugs)).
		with(func(c *f7case) { c.has = []string{"Charcoal / 12 oz"} }),
	f7bsamuel("g7 one in charcoel", "can i exchange one mug for the charcoel one", toolname.ExchangeItem, exch(f7OneMug)).
		with(func(c *f7case) { c.has = []string{"Charcoal / 12 oz"} }),
	// A house number corrected after an address proposal.
	f7bmaya("g7 sorry number 16", "sorry, the number is 16 not 12", toolname.ChangeAddress, f7Address).
		with(func(c *f7case) {
			c.before = []string{"change address to 12 Pearl St, Cambridge MA 02139"}
			c.detail = []string{"16 Pearl St"}
			c.undetail = []string{"12 Pearl St"}
		}),
	f7bmaya("g7 typo should be 21", "typo, should be 21 Elm St", toolname.ChangeAddress, f7Address).
		with(func(c *f7case) {
			c.before = []string{"please ship to 12 Elm St, Medford MA 02155"}
			c.detail = []string{"21 Elm St", "02155"}
			c.undetail = []string{"12 Elm St"}
		}),
}

// g7gaps are the cases of g7cases known to fail today.
var g7gaps = map[string]bool{
	"g7 none of it works":      true,
	"g7 mugs great kit back":   true,
	"g7 kit fab mugs return":   true,
	"g7 es tazas bien kit no":  true,
	"g7 meant one not two":     true,
	"g7 got 2 wanted 1 typo":   true,
	"g7 de versehentlich zwei": true,
	"g7 sorry number 16":       true,
}

func TestGaps7Heldout(t *testing.T) {
	for _, tc := range g7cases {
		t.Run(tc.name, func(t *testing.T) {
			errs := f7run(t, tc)
			switch {
			case g7gaps[tc.name] && len(errs) == 0:
				t.Errorf("known gap %q passes now: take it out of g7gaps", tc.name)
			case g7gaps[tc.name]:
				t.Logf("known gap: %v", errs)
			default:
				for _, e := range errs {
					t.Error(e)
				}
			}
		})
	}
}
