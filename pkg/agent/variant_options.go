package agent

import "strings"

// variantOptions are the options of a variant title, each named by its
// own words: "Sea Glass / 12 oz" is "Sea Glass" and "12 oz", so "the
// glass" names no mug; a scent of two ("Cedar & Smoke") is named by
// either of them ("the cedar one"), as customers name it.
func variantOptions(variant string) []string {
	var out []string
	for _, opt := range strings.Split(variant, "/") {
		out = append(out, strings.Split(opt, "&")...)
	}
	return out
}
