package stack

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// The demo customer whose parcel (#1003) the delivery check finds late.
const textPhone = "+16175550142"

var trackFormToken = regexp.MustCompile(`name="t" value="([^"]+)"`)

// form posts a form through the API and returns the status and body.
func (h *harness) form(path string, v url.Values) (int, string, error) {
	req, _ := http.NewRequestWithContext(h.ctx, http.MethodPost, h.s.API+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), nil
}

// flowTextOptIn: the merchant switches texts on in the console, and the
// customer opts in on the tracking page (the trackpage function).
func (h *harness) flowTextOptIn(f *flowT) error {
	tok, err := h.consoleToken()
	if err != nil {
		return err
	}
	var got struct {
		Settings map[string]any `json:"settings"`
	}
	if code, err := h.call(http.MethodGet, "/console/api/settings", tok, nil, &got); err != nil || code != 200 {
		return fmt.Errorf("console settings: HTTP %d %v", code, err)
	}
	n, _ := got.Settings["notifications"].(map[string]any)
	if n == nil {
		return fmt.Errorf("console settings have no notifications")
	}
	n["sms"] = true
	if code, err := h.call(http.MethodPut, "/console/api/settings", tok, got.Settings, nil); err != nil || code != 200 {
		return fmt.Errorf("switch texts on: HTTP %d %v", code, err)
	}
	// The tracking page reads the settings through a 15-second cache:
	// wait for the switch to reach it.
	var m []string
	code := 0
	if err := h.waitFor("the tracking page offering text updates", func() (bool, error) {
		var page string
		var err error
		code, page, err = h.form("/track", url.Values{"order": {"1003"}, "email": {"daniel.reyes@example.com"}})
		m = trackFormToken.FindStringSubmatch(page)
		return err == nil && code == 200 && m != nil, err
	}); err != nil {
		return fmt.Errorf("the tracking page (HTTP %d) offers no text updates: %w", code, err)
	}
	token := strings.ReplaceAll(m[1], "&#43;", "+")
	code, _, err = h.form("/track/sms", url.Values{"t": {token}, "phone": {"+1 617 555 0142"}, "consent": {"yes"}})
	if err != nil {
		return err
	}
	if code != http.StatusSeeOther {
		return fmt.Errorf("POST /track/sms: HTTP %d, want 303", code)
	}
	// The number hears at once who signed it up and how to stop.
	var texts []string
	if err := h.waitFor("the opt-in's confirmation by text", func() (bool, error) {
		var err error
		texts, err = h.texts()
		return len(texts) > 0, err
	}); err != nil {
		return err
	}
	if len(texts) != 1 || !strings.Contains(texts[0], "Reply STOP") {
		return fmt.Errorf("texts after the opt-in = %q, want its confirmation only", texts)
	}
	f.note("console switch on; tracking page opt-in -> 303, confirmation by SNS %.50q", texts[0])
	return nil
}

// texts are the SMS moto's SNS published, to textPhone.
func (h *harness) texts() ([]string, error) {
	resp, err := http.Get(h.s.Moto + "/moto-api/data.json")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var data struct {
		SNS struct {
			SMS []struct {
				PhoneNumber string `json:"phone_number"`
				Message     string `json:"message"`
			} `json:"SMS"`
		} `json:"sns"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&data); err != nil {
		return nil, fmt.Errorf("moto data: %w", err)
	}
	var out []string
	for _, m := range data.SNS.SMS {
		if m.PhoneNumber == textPhone {
			out = append(out, m.Message)
		}
	}
	return out, nil
}

// flowTextNotice runs after the delivery check: its late notice went by
// text too, through SNS, with the opt-out link; then the customer replies
// STOP (the sms-inbound function, as the inbound topic invokes it) and the
// tracking page offers texts again instead of naming the number.
func (h *harness) flowTextNotice(f *flowT) error {
	var texts []string
	err := h.waitFor("the late notice by text", func() (bool, error) {
		var err error
		texts, err = h.texts()
		return len(texts) > 1, err
	})
	if err != nil {
		return err
	}
	if len(texts) != 2 || !strings.Contains(texts[1], "#1003") || !strings.Contains(texts[1], "/s/") {
		return fmt.Errorf("texts to %s = %q, want the opt-in's confirmation, then one about #1003 with the opt-out link", textPhone, texts)
	}
	f.note("SNS SMS %.60q", texts[1])
	raw, err := os.ReadFile(filepath.Join(repoRoot(), "events", "sms", "inbound_stop.json"))
	if err != nil {
		return err
	}
	var ev events.SNSEvent
	if err := json.Unmarshal(raw, &ev); err != nil {
		return err
	}
	ev.Records[0].SNS.TopicArn = h.s.Dep.R.Refs["InboundSmsTopic"]
	if err := h.s.invokeAsync(h.ctx, "SmsInboundFunction", ev); err != nil {
		return fmt.Errorf("inbound STOP: %w", err)
	}
	// Carriers expect one confirmation, and then nothing.
	if err := h.waitFor("the STOP confirmation by text", func() (bool, error) {
		var err error
		texts, err = h.texts()
		return len(texts) == 3, err
	}); err != nil {
		return err
	}
	if !strings.Contains(texts[2], "unsubscribed") || !strings.Contains(texts[2], "START") {
		return fmt.Errorf("the STOP confirmation says %q", texts[2])
	}
	_, page, err := h.form("/track", url.Values{"order": {"1003"}, "email": {"daniel.reyes@example.com"}})
	if err != nil {
		return err
	}
	if strings.Contains(page, "text •••• 0142") || !strings.Contains(page, `action="/track/sms"`) {
		return fmt.Errorf("after STOP the tracking page still says texts go to the number")
	}
	f.note("inbound STOP -> one confirmation %.40q; opted out (the page offers texts again)", texts[2])
	return nil
}
