package agent

import (
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// houseNumberRe is a street line's house number: "48" of "48 Linden
// Street", or a house number given alone ("84", "12B").
var houseNumberRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d+[A-Za-z]?\b`) })

// withAddressPart is the order's address old with the parts in given
// changed and the rest kept: a customer correcting one part ("the zip
// should be 02139", "add apt 4B"). A street line that is only a house
// number replaces the old line's number. ok is false when there is no old
// address, nothing was given, or nothing would change: the whole new
// address is then asked for.
func withAddressPart(in changeAddressInput, old *order.Address) (changeAddressInput, bool) {
	if old == nil {
		return in, false
	}
	given := strings.TrimSpace(in.Address1 + in.Address2 + in.City + in.Province + in.Zip)
	if given == "" {
		return in, false
	}
	if n := strings.TrimSpace(in.Address1); n != "" && houseNumberRe().FindString(n) == n {
		if !houseNumberRe().MatchString(old.Address1) {
			return in, false
		}
		in.Address1 = houseNumberRe().ReplaceAllString(old.Address1, n)
	}
	province := old.ProvinceCode
	if province == "" {
		province = old.Province
	}
	fill := func(v *string, was string) {
		if strings.TrimSpace(*v) == "" {
			*v = was
		}
	}
	fill(&in.Address1, old.Address1)
	fill(&in.Address2, old.Address2)
	fill(&in.City, old.City)
	fill(&in.Province, province)
	fill(&in.Zip, old.Zip)
	fill(&in.CountryCode, old.CountryCode)
	same := in.Address1 == old.Address1 && in.Address2 == old.Address2 && in.City == old.City &&
		in.Zip == old.Zip && (in.Province == old.Province || in.Province == old.ProvinceCode)
	return in, !same
}
