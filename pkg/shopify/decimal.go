package shopify

import (
	"fmt"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// minorDigits are ISO 4217 currencies whose minor unit is not a hundredth.
// pkg/money (CLDR digits, on its way to main) replaces this table and
// minorDecimal when it lands.
var minorDigits = map[string]int{"JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "VND": 0, "UGX": 0, "XAF": 0, "XOF": 0, "PYG": 0,
	"KWD": 3, "BHD": 3, "TND": 3, "OMR": 3, "JOD": 3, "IQD": 3, "LYD": 3}

// minorDecimal is m minor units of currency as the decimal Admin's
// MoneyInput.amount takes: "70.40" USD, "1200" JPY, "1.500" KWD.
func minorDecimal(m order.Money, currency string) string {
	digits, ok := minorDigits[currency]
	if !ok {
		digits = 2
	}
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	if digits == 0 {
		return fmt.Sprintf("%s%d", sign, m)
	}
	div := order.Money(1)
	for range digits {
		div *= 10
	}
	return fmt.Sprintf("%s%d.%0*d", sign, m/div, digits, m%div)
}
