package order

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// ErrOtherCountry is a new address in another country than the order
// ships to: duties, rates and carriers differ, so it is a person's call.
var ErrOtherCountry = errors.New("the new address is in another country")

// AddressError says which part of an address is wrong and why, in words a
// customer can act on.
type AddressError struct {
	Field  string
	Reason string
}

func (e *AddressError) Error() string { return e.Field + ": " + e.Reason }

var (
	usZip      = regexp.MustCompile(`^\d{5}(?:-\d{4})?$`)
	caPostcode = regexp.MustCompile(`^[A-Z]\d[A-Z] ?\d[A-Z]\d$`)
	anyZip     = regexp.MustCompile(`^[A-Z0-9][A-Z0-9 \-]{1,9}$`)
)

// NormaliseAddress checks a new shipping address for an order that ships
// to country (an ISO code; "" when unknown) and returns it tidied: spaces
// trimmed, codes upper-cased, a US state or Canadian province named in
// full turned into its code. It refuses an address in another country
// (ErrOtherCountry) and one whose parts are not what they should be
// (*AddressError): a street with no letters, a city with digits in it, a
// ZIP or postcode of the wrong shape, an unknown state.
func NormaliseAddress(a Address, country string) (Address, error) {
	a.Name, a.Address1, a.Address2 = strings.TrimSpace(a.Name), strings.TrimSpace(a.Address1), strings.TrimSpace(a.Address2)
	a.City, a.Province, a.Zip = strings.TrimSpace(a.City), strings.TrimSpace(a.Province), strings.ToUpper(strings.TrimSpace(a.Zip))
	a.CountryCode = strings.ToUpper(strings.TrimSpace(a.CountryCode))
	country = strings.ToUpper(strings.TrimSpace(country))
	switch {
	case a.CountryCode == "":
		a.CountryCode = country
	case country != "" && a.CountryCode != country:
		return a, fmt.Errorf("%w (%s, the order ships to %s)", ErrOtherCountry, a.CountryCode, country)
	}
	if !strings.ContainsFunc(a.Address1, unicode.IsLetter) {
		return a, &AddressError{"address1", "the street address needs a street name"}
	}
	if a.City == "" || strings.ContainsFunc(a.City, unicode.IsDigit) {
		return a, &AddressError{"city", "the city should be a place name"}
	}
	switch a.CountryCode {
	case "US":
		code, ok := lookupRegion(usStates, a.Province, a.ProvinceCode)
		if !ok {
			return a, &AddressError{"province", "a US address needs its state"}
		}
		a.Province, a.ProvinceCode = code, code
		if !usZip.MatchString(a.Zip) {
			return a, &AddressError{"zip", "a US ZIP code has 5 digits (or 5+4)"}
		}
	case "CA":
		code, ok := lookupRegion(caProvinces, a.Province, a.ProvinceCode)
		if !ok {
			return a, &AddressError{"province", "a Canadian address needs its province"}
		}
		a.Province, a.ProvinceCode = code, code
		if !caPostcode.MatchString(a.Zip) {
			return a, &AddressError{"zip", "a Canadian postal code looks like A1A 1A1"}
		}
		if len(a.Zip) == 6 {
			a.Zip = a.Zip[:3] + " " + a.Zip[3:]
		}
	default:
		if !anyZip.MatchString(a.Zip) {
			return a, &AddressError{"zip", "the postcode should be letters and digits"}
		}
	}
	return a, nil
}

// lookupRegion finds a state or province by its code or its name.
func lookupRegion(regions map[string]string, names ...string) (string, bool) {
	for _, n := range names {
		n = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(n), "."))
		if n == "" {
			continue
		}
		if _, ok := regions[strings.ToUpper(n)]; ok {
			return strings.ToUpper(n), true
		}
		for code, name := range regions {
			if strings.EqualFold(name, n) {
				return code, true
			}
		}
	}
	return "", false
}

// usStates are the US states, DC and the territories USPS delivers to,
// with the armed forces codes, by USPS code.
var usStates = map[string]string{
	"AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
	"CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
	"HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
	"KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
	"MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
	"NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
	"NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
	"OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
	"TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
	"WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "PR": "Puerto Rico", "GU": "Guam",
	"VI": "U.S. Virgin Islands", "AS": "American Samoa", "MP": "Northern Mariana Islands",
	"AA": "Armed Forces Americas", "AE": "Armed Forces Europe", "AP": "Armed Forces Pacific",
}

// caProvinces are Canada's provinces and territories by Canada Post code.
var caProvinces = map[string]string{
	"AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
	"NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories", "NU": "Nunavut",
	"ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec", "SK": "Saskatchewan", "YT": "Yukon",
}
