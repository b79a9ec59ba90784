package agent

import (
	"regexp"
	"strings"
)

var (
	yesRe = regexp.MustCompile(`(?i)^\s*(yes|yeah|yep|yup|sure|ok|okay|please do|please go ahead|go ahead|do it|confirm|confirmed|correct|that's right|that is right|sounds good|absolutely|y)\b`)
	noRe  = regexp.MustCompile(`(?i)\b(no|nope|don't|do not|cancel|stop|wait|never mind|nevermind|not yet)\b`)
	// butRe is a yes that asks for something else: not consent to what was
	// stated.
	butRe = regexp.MustCompile(`(?i)(\b(but|instead|only|rather|actually|except|change|different|other)\b|\?)`)
)

// Affirmative reports whether a customer's message is an explicit yes. It is
// deliberately strict: the message must start with a yes and carry no no,
// no question and no "but", "instead" or "only".
// A write tool acts only after one, whatever the model says.
func Affirmative(text string) bool {
	t := strings.TrimSpace(text)
	if len(t) > 200 {
		return false
	}
	return yesRe.MatchString(t) && !noRe.MatchString(t) && !butRe.MatchString(t)
}

// Negative reports whether a customer's message turns a proposal down.
func Negative(text string) bool {
	return !Affirmative(text) && noRe.MatchString(strings.TrimSpace(text))
}
