package escalation

import (
	"fmt"
	"net/mail"
	"os"
	"strings"
	"time"
)

// SettingsFromEnv reads Settings from the environment: STAFF_EMAIL,
// SECOND_CONTACT_EMAIL (addresses, optional), CONSOLE_URL, SHOP_NAME,
// ESCALATION_SLA and APPROVAL_EXPIRY (Go durations, default 4h and 72h),
// SHOP_TIMEZONE (IANA zone for the times in staff mail, default UTC).
// A malformed value fails, naming the variable.
func SettingsFromEnv() (Settings, error) {
	var s Settings
	var err error
	if s.Staff, err = address("STAFF_EMAIL"); err != nil {
		return s, err
	}
	if s.SecondContact, err = address("SECOND_CONTACT_EMAIL"); err != nil {
		return s, err
	}
	s.ConsoleURL = strings.TrimSpace(os.Getenv("CONSOLE_URL"))
	s.ShopName = strings.TrimSpace(os.Getenv("SHOP_NAME"))
	if s.SLA, err = duration("ESCALATION_SLA"); err != nil {
		return s, err
	}
	if s.Late, err = duration("APPROVAL_EXPIRY"); err != nil {
		return s, err
	}
	if z := strings.TrimSpace(os.Getenv("SHOP_TIMEZONE")); z != "" {
		if s.Location, err = time.LoadLocation(z); err != nil {
			return s, fmt.Errorf("environment variable SHOP_TIMEZONE: %w", err)
		}
	}
	return s, nil
}

func address(name string) (mail.Address, error) {
	v := strings.TrimSpace(os.Getenv(name))
	if v == "" {
		return mail.Address{}, nil
	}
	a, err := mail.ParseAddress(v)
	if err != nil {
		return mail.Address{}, fmt.Errorf("environment variable %s: not an email address", name)
	}
	return *a, nil
}

func duration(name string) (time.Duration, error) {
	v := strings.TrimSpace(os.Getenv(name))
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("environment variable %s: want a positive duration like 4h", name)
	}
	return d, nil
}
