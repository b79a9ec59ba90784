package offline

import (
	"fmt"
	"strings"
)

// tracking answers "where is my order" from the track_order result: the
// order's stage, then each parcel on its own (the one the customer asked
// about first), with its estimate as pkg/edd gives it and what the
// delivery check already did about it.
func (t *turn) tracking(r map[string]any) string {
	name := str(r, "order_number")
	parcels := t.focus(list(r, "parcels"))
	rest, restOnly := t.restParcels(parcels) // "X came, where's the rest?" (said_arrived.go)
	if restOnly {
		parcels = rest
	}
	var b strings.Builder
	switch str(r, "stage") {
	case "cancelled":
		return fmt.Sprintf("Your order %s was cancelled, so it won't be shipped.", name)
	case "returned_refunded":
		for _, p := range parcels {
			if d := str(p, "delivered"); d != "" {
				// "When was it delivered?" is still answered.
				return fmt.Sprintf("Your order %s was delivered on %s, and has since been returned and refunded.", name, d)
			}
		}
		return fmt.Sprintf("Your order %s has been returned and refunded.", name)
	}
	late, lateShipped, told, exception := false, false, false, false
	for _, p := range parcels {
		if v, _ := p["late"].(bool); v {
			late = true
			if s, _ := p["shipped"].(bool); s {
				lateShipped = true
			}
		}
		if str(p, "what_we_did") != "" {
			told = true
		}
		if str(p, "stage") == "delivery_exception" {
			exception = true
		}
	}
	stage := str(r, "stage")
	if t.intent == intentLate && !late && !told && stage != "delivered" && stage != "past_return_window" {
		b.WriteString("I understand the wait is frustrating.")
	}
	if len(parcels) > 1 || restOnly {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		if restOnly {
			b.WriteString("As for the rest of your order:")
		} else {
			fmt.Fprintf(&b, "Your order %s is coming in %d parts.", name, len(parcels))
		}
	}
	for _, p := range parcels {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString(parcelText(name, p, len(parcels) == 1 && !restOnly, str(r, "placed")))
	}
	switch stage {
	case "delivered":
		if e := str(r, "return_window_ends"); e != "" {
			fmt.Fprintf(&b, " If anything isn't right, you can return it until %s.", e)
		}
		if t.intent == intentLate {
			b.WriteString(" If you can't find the parcel, let me know and I'll get our team to look into it with the carrier.")
		}
	case "past_return_window":
		if e := str(r, "return_window_closed"); e != "" {
			fmt.Fprintf(&b, " The return window for it has now closed: its last day was %s.", e)
		} else {
			b.WriteString(" The return window for it has now closed.")
		}
	}
	switch {
	case exception && !told:
		b.WriteString(" If you'd like, I can pass this to our team so they can sort it out with the carrier.")
	case lateShipped && !told:
		b.WriteString(" " + lateApology)
	case late && !told:
		// Not shipped: there is no carrier to look into it with.
		b.WriteString(" " + lateUnshipped)
	}
	return b.String()
}

const lateApology = "I'm sorry it's running later than the estimate. If it hasn't arrived in the next couple of days, I can get our team to look into it with the carrier."

// lateUnshipped is the apology for a late order not shipped yet.
const lateUnshipped = "I'm sorry it's running later than the estimate."

// focus puts the parcels holding an item the customer named first.
func (t *turn) focus(parcels []map[string]any) []map[string]any {
	text := strings.ToLower(t.text)
	var named, rest []map[string]any
	for _, p := range parcels {
		if mentions(text, strs(p, "items")) {
			named = append(named, p)
		} else {
			rest = append(rest, p)
		}
	}
	if len(named) == 0 {
		return parcels
	}
	return append(named, rest...)
}

// mentions reports whether text names one of items by a word of its title
// ("skillet" for "Cast-Iron Skillet (10 inch)").
func mentions(text string, items []string) bool {
	for _, it := range items {
		title, _, _ := strings.Cut(strings.ToLower(it), "(")
		for _, w := range strings.FieldsFunc(title, func(r rune) bool { return r == ' ' || r == '-' || r == '×' }) {
			if len(w) > 3 && strings.Contains(text, w) {
				return true
			}
		}
	}
	return false
}

// parcelText is one parcel in a sentence or three.
func parcelText(name string, p map[string]any, single bool, placed string) string {
	subject := "your order " + name
	if !single {
		items := strs(p, "items")
		switch {
		case len(items) == 0:
			subject = "the rest of your order"
		case len(items) == 1 && !strings.Contains(items[0], "×"):
			subject = "the " + items[0]
		case str(p, "stage") == "pre_shipment":
			subject = "the rest of your order (" + joinAnd(items) + ")"
		default:
			subject = "the parcel with " + joinAnd(items)
		}
	}
	carrier := orDefault(str(p, "carrier"), "the carrier")
	with := carrier
	if n := str(p, "tracking_number"); n != "" {
		with += " (tracking number " + n + ")"
	}
	var b strings.Builder
	switch str(p, "stage") {
	case "pre_shipment":
		fmt.Fprintf(&b, "%s hasn't shipped yet", subject)
		if single && placed != "" {
			fmt.Fprintf(&b, " (it was placed on %s)", placed)
		}
		if s := str(p, "ships_by"); s != "" {
			fmt.Fprintf(&b, "; it should ship by %s", s)
		}
		b.WriteString(". You'll get an email with tracking as soon as it's on its way.")
	case "label_created":
		fmt.Fprintf(&b, "%s is packed and its shipping label was created on %s, but %s hasn't picked it up yet.", subject, str(p, "label_created"), with)
	case "in_transit":
		if late, _ := p["late"].(bool); late {
			fmt.Fprintf(&b, "%s is still in transit with %s; the last scan was on %s.", subject, with, str(p, "last_scan"))
		} else {
			fmt.Fprintf(&b, "%s is on its way with %s; the last scan was on %s.", subject, with, str(p, "last_scan"))
		}
	case "out_for_delivery":
		if v, _ := p["out_for_delivery_today"].(bool); v {
			fmt.Fprintf(&b, "%s is out for delivery today with %s!", subject, with)
		} else {
			fmt.Fprintf(&b, "%s went out for delivery with %s on %s and hasn't been marked delivered since.", subject, with, str(p, "last_scan"))
		}
	case "delivery_exception":
		switch str(p, "problem") {
		case "lost":
			fmt.Fprintf(&b, "I'm sorry: %s seems to be lost. %s hasn't scanned it since %s.", subject, capital(with), str(p, "last_scan"))
		case "returned_to_sender":
			fmt.Fprintf(&b, "I'm sorry: %s is returning %s to us instead of delivering it.", with, subject)
		default:
			fmt.Fprintf(&b, "I'm sorry: %s reported a problem delivering %s (last update %s).", with, subject, str(p, "last_scan"))
		}
	case "delivered", "past_return_window":
		fmt.Fprintf(&b, "%s was delivered", subject)
		if d := str(p, "delivered"); d != "" {
			fmt.Fprintf(&b, " on %s", d)
		}
		b.WriteString(".")
	default:
		fmt.Fprintf(&b, "%s is %s.", subject, stageWords(str(p, "stage")))
	}
	if e := str(p, "estimated_delivery"); e != "" {
		if v, _ := p["estimate_passed"].(bool); v {
			fmt.Fprintf(&b, " It was due by %s.", e)
		} else {
			fmt.Fprintf(&b, " Estimated delivery: %s.", e)
		}
	}
	if u := str(p, "tracking_url"); u != "" && str(p, "stage") != "delivered" {
		fmt.Fprintf(&b, " You can follow it here: %s", u)
	}
	if w := str(p, "what_we_did"); w != "" {
		lead, ok := problemLeads[str(p, "problem")]
		if !ok {
			lead = "We've looked into it:"
		}
		b.WriteString(" " + strings.TrimSpace(lead+" "+w))
	}
	return capital(b.String())
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
