package agent

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

type changeAddressInput struct {
	OrderNumber string `json:"order_number,omitempty" desc:"default: current order"`
	Name        string `json:"name,omitempty"`
	Address1    string `json:"address1,omitempty"`
	Address2    string `json:"address2,omitempty"`
	City        string `json:"city,omitempty"`
	Province    string `json:"province,omitempty"`
	Zip         string `json:"zip,omitempty"`
	CountryCode string `json:"country_code,omitempty"`
	Partial     bool   `json:"partial,omitempty" desc:"only the fields given change; name alone changes the recipient's name"`
	Was         string `json:"was,omitempty" desc:"partial: the old value said to be wrong"`
	Confirm     bool   `json:"confirm,omitempty"`
}

// change_address: a new shipping address, whole, for an unshipped order.
var changeAddress = register(newTool(toolname.ChangeAddress,
	"Change an unshipped order's whole shipping address, or part of it (partial), or the recipient's name on it (partial, name only).",
	(*session).changeAddress).offeredIn(PhaseUnshipped))

func init() {
	changeAddress.Write = &Write{Check: checkAddress, Execute: executeAddress, Done: addressDone}
}

func (s *session) changeAddress(ctx context.Context, in changeAddressInput) (any, bool, error) {
	if in.Confirm {
		return s.confirmed(toolname.ChangeAddress)
	}
	o, problem, err := s.customerOrder(ctx, in.OrderNumber)
	if err != nil || problem != nil {
		return problem, problem != nil, err
	}
	s.orders[o.Name] = true
	// Say early when it cannot be done, before asking for an address.
	if d := s.pol.AddressChange(o, s.now); d.Verdict == policy.Refuse {
		s.act(toolname.ChangeAddress, "refused", o.Name, d.Reason)
		return map[string]any{"status": "refused", "reason": d.Reason, "offer": addressRefusalOffer(o)}, false, nil
	}
	// An order with no shipping address (collected, or nothing to ship)
	// has no parcel to redirect, and no country to keep it within.
	if shipsTo(o) == "" {
		s.act(toolname.ChangeAddress, "refused", o.Name, "no shipping address")
		return map[string]any{"status": "refused", "reason": "order " + o.Name + " has no shipping address to change (nothing is shipped to an address)",
			"offer": "a person on the team can help"}, false, nil
	}
	if in.Partial && in.Was != "" && o.ShippingAddress != nil && !partWas(in, *o.ShippingAddress) {
		r, e := fail("not_in_address", "the order's address is "+formatAddress(*o.ShippingAddress)+
			"; the old value the customer named is not in it: say so and ask for the full new address")
		return r, e, nil
	}
	if strings.TrimSpace(in.Address2) == "" {
		// "220 Elm St Apt 5": Shopify's second line holds the unit, and
		// a new street's unit replaces the old one's in a part correction.
		in.Address1, in.Address2 = order.SplitUnit(in.Address1)
	}
	if in.Partial {
		if part, ok := withAddressPart(in, o.ShippingAddress); ok {
			in = part
		} else {
			in = changeAddressInput{}
		}
	}
	if strings.TrimSpace(in.Address1) == "" || strings.TrimSpace(in.City) == "" || strings.TrimSpace(in.Zip) == "" {
		r, e := fail("incomplete_address", "ask for the full new address: street, city, state or province, ZIP or postcode")
		return r, e, nil
	}
	addr := order.Address{Name: in.Name, Address1: in.Address1, Address2: in.Address2,
		City: in.City, Province: in.Province, Zip: in.Zip, CountryCode: in.CountryCode}
	addr, err = order.NormaliseAddress(addr, shipsTo(o))
	var bad *order.AddressError
	switch {
	case errors.Is(err, order.ErrOtherCountry):
		s.act(toolname.ChangeAddress, "refused", o.Name, "another country")
		return map[string]any{"status": "refused", "reason": "the order can only be redirected within the country it ships to",
			"offer": "a person on the team can look at shipping it abroad"}, false, nil
	case errors.As(err, &bad):
		r, e := fail("invalid_address", bad.Reason+"; ask the customer for that part of the address again")
		return r, e, nil
	case err != nil:
		return nil, false, fmt.Errorf("check new address: %w", err)
	}
	addr = withCareOf(addr, o.ShippingAddress)
	if old := o.ShippingAddress; old != nil {
		if addr.Name == "" {
			addr.Name = old.Name
		}
		if addr.CountryCode == old.CountryCode {
			addr.Country = old.Country
		}
		addr.Phone = old.Phone
	}
	p := conversation.Proposal{Address: &addr,
		Statement: "I'll change the shipping address of order " + o.Name + " to: " + formatAddress(addr) + "."}
	if old := o.ShippingAddress; old != nil && onlyNameChanged(*old, addr) {
		p.Statement = "I'll change the name on the shipping address of order " + o.Name + " to " + addr.Name +
			", so it ships to: " + formatAddress(addr) + "."
	}
	return s.propose(toolname.ChangeAddress, o, p)
}

// addressRefusalOffer is what a refused address change offers instead: the
// carrier's redirect for a parcel it has, a person alone for a split order,
// whose part still to ship no carrier has yet.
func addressRefusalOffer(o order.Order) string {
	if _, rest := policy.SplitShipment(o); len(rest) > 0 {
		return "a person on the team can arrange the part still to ship"
	}
	return "the carrier may be able to redirect the parcel using the tracking link; a person on the team can help"
}

// onlyNameChanged reports whether the new address differs from the old
// in the recipient's name alone.
func onlyNameChanged(old, addr order.Address) bool {
	return addr.Name != old.Name && addr.Address1 == old.Address1 && addr.Address2 == old.Address2 &&
		addr.City == old.City && addr.Zip == old.Zip && addr.CountryCode == old.CountryCode
}

func checkAddress(pol policy.Policy, o order.Order, p conversation.Proposal, now time.Time) policy.Decision {
	if p.Address == nil || p.Address.Address1 == "" {
		return policy.Decision{Verdict: policy.Refuse, Reason: "no new address was given"}
	}
	if shipsTo(o) == "" {
		return policy.Decision{Verdict: policy.Refuse, Reason: "the order has no shipping address to change"}
	}
	if _, err := order.NormaliseAddress(*p.Address, shipsTo(o)); err != nil {
		return policy.Decision{Verdict: policy.Refuse, Reason: "the new address is not one we can ship to: " + err.Error()}
	}
	return pol.AddressChange(o, now)
}

// shipsTo is the country an order ships to, "" when it has no address.
func shipsTo(o order.Order) string {
	if o.ShippingAddress == nil {
		return ""
	}
	return o.ShippingAddress.CountryCode
}

func executeAddress(ctx context.Context, a *Agent, o order.Order, p conversation.Proposal) (string, error) {
	if err := a.Commerce.UpdateShippingAddress(ctx, o.Shop, o.ID, *p.Address); err != nil {
		return "", err
	}
	return "shipping address changed", nil
}

func addressDone(p conversation.Proposal, _ string) map[string]any {
	return map[string]any{"status": "address_changed", "order_number": p.Order, "ships_to": formatAddress(*p.Address)}
}
