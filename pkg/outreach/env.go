package outreach

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// SettingsFromEnv reads Settings from the environment: SHOP_NAME, SHOP_URL,
// OUTREACH_CHECKIN_AFTER, OUTREACH_ANSWER_TIMEOUT, OUTREACH_REVIEW_AFTER
// (Go durations; defaults 120h, 72h, 312h), OUTREACH_DISCOUNT_PERCENT (the
// codes issued with suggestions, until the merchant sets them in the
// console; 0: none), OUTREACH_DISCOUNT_DAYS (how long a code is valid),
// OUTREACH_FRIEND_CODES ("true": a second code to give a friend),
// OUTREACH_REVIEW_URL, OUTREACH_ADDONS (a JSON list of {"when", "suggest",
// "url"}) and RETURN_WINDOW_DAYS. A malformed value fails, naming the
// variable.
func SettingsFromEnv() (Settings, error) {
	s := Settings{
		ShopName:  env("SHOP_NAME"),
		ShopURL:   env("SHOP_URL"),
		ReviewURL: env("OUTREACH_REVIEW_URL"),
	}
	for name, d := range map[string]*time.Duration{
		"OUTREACH_CHECKIN_AFTER":  &s.CheckInAfter,
		"OUTREACH_ANSWER_TIMEOUT": &s.AnswerTimeout,
		"OUTREACH_REVIEW_AFTER":   &s.ReviewAfter,
	} {
		if v := env(name); v != "" {
			p, err := time.ParseDuration(v)
			if err != nil || p <= 0 {
				return s, fmt.Errorf("environment variable %s: want a positive duration like 120h", name)
			}
			*d = p
		}
	}
	for name, n := range map[string]*int{"OUTREACH_DISCOUNT_PERCENT": &s.DiscountPercent, "OUTREACH_DISCOUNT_DAYS": &s.DiscountDays,
		"RETURN_WINDOW_DAYS": &s.ReturnWindowDays} {
		if v := env(name); v != "" {
			p, err := strconv.Atoi(v)
			if err != nil || p < 0 || p > 365 {
				return s, fmt.Errorf("environment variable %s: want a whole number", name)
			}
			*n = p
		}
	}
	if s.DiscountPercent > 100 {
		return s, fmt.Errorf("environment variable OUTREACH_DISCOUNT_PERCENT: at most 100")
	}
	if v := env("OUTREACH_FRIEND_CODES"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return s, fmt.Errorf("environment variable OUTREACH_FRIEND_CODES: want true or false")
		}
		s.FriendCodes = b
	}
	if v := env("OUTREACH_ADDONS"); v != "" {
		if err := json.Unmarshal([]byte(v), &s.AddOns); err != nil {
			return s, fmt.Errorf(`environment variable OUTREACH_ADDONS: want a JSON list of {"when", "suggest", "url"}`)
		}
	}
	return s, nil
}

func env(name string) string { return strings.TrimSpace(os.Getenv(name)) }
