package runner_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/photo/phototest"
)

type photoView struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Channel     string `json:"channel"`
	URL         string `json:"url"`
}

// TestPhotosReachTheApproval, on the runner with the offline model: a
// photo sent in the chat is acknowledged, recorded with the conversation,
// carried by the proposal the customer then says yes to, and shown (bytes
// and all) to the person approving it; a photo attached to an email lands
// on its conversation the same way.
func TestPhotosReachTheApproval(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	con.set(func(s map[string]any) {
		s["policy"].(map[string]any)["auto_returns"] = false
	})
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})

	jpg := phototest.JPEG()
	up := c.sendPhoto("broken-kit.jpg", jpg)

	reply, _ := c.say("I want to return the coffee kit, it arrived broken")
	wantIn(t, reply, "Pour-Over Coffee Kit", "Shall I go ahead")
	_, acts := c.say("yes")
	if !hasStatus(acts, "needs_approval") {
		t.Fatalf("actions %v, want needs_approval", statusesOf(acts))
	}
	var q struct {
		Approvals []struct {
			ID             string `json:"id"`
			ConversationID string `json:"conversation_id"`
			Action         struct {
				Proposal struct {
					Photos []string `json:"photos"`
				} `json:"proposal"`
			} `json:"action"`
			Photos []photoView `json:"photos"`
		} `json:"approvals"`
	}
	if code := con.do("GET", "/console/api/queue", nil, &q); code != 200 || len(q.Approvals) != 1 {
		t.Fatalf("queue: %d, %d approvals", code, len(q.Approvals))
	}
	ap := q.Approvals[0]
	if !slices.Contains(ap.Action.Proposal.Photos, up.Photo.ID) {
		t.Errorf("the proposal names photos %v, not %s", ap.Action.Proposal.Photos, up.Photo.ID)
	}
	if len(ap.Photos) != 1 || ap.Photos[0].ID != up.Photo.ID || ap.Photos[0].Name != "broken-kit.jpg" {
		t.Fatalf("the approval shows photos %+v", ap.Photos)
	}
	got := con.get(ap.Photos[0].URL)
	if !bytes.Equal(got, jpg) {
		t.Errorf("the console served %d bytes, not the %d sent", len(got), len(jpg))
	}
	// Signed out, nothing.
	resp, err := http.Get(srv.URL + ap.Photos[0].URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("the photo signed out: %d, want 401", resp.StatusCode)
	}

	// By email.
	raw, err := os.ReadFile(filepath.Join("..", "..", "events", "ses", "image.eml"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err = http.Post(srv.URL+"/dev/mail", "message/rfc822", bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var mailed struct {
		Outcome      string `json:"outcome"`
		Conversation string `json:"conversation_id"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&mailed)
	resp.Body.Close()
	var d struct {
		Photos []photoView `json:"photos"`
	}
	if code := con.do("GET", "/console/api/conversations/"+mailed.Conversation, nil, &d); code != 200 || len(d.Photos) != 1 ||
		d.Photos[0].Channel != "email" || d.Photos[0].ContentType != "image/png" || d.Photos[0].Name != "damage.png" {
		t.Fatalf("mailed (%s): %d, photos %+v", mailed.Outcome, code, d.Photos)
	}
	if len(con.get(d.Photos[0].URL)) == 0 {
		t.Error("the mailed photo is not served")
	}
}

func (c *console) get(path string) []byte {
	c.t.Helper()
	resp, err := c.c.Get(c.srv.URL + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		c.t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	return b
}

type uploaded struct {
	Photo photoView `json:"photo"`
	Reply *struct {
		Text string `json:"text"`
	} `json:"reply"`
}

// sendPhoto posts a photo as the widget does, declaring the wrong type on
// purpose (the bytes decide), and checks the agent acknowledged it.
func (c *client) sendPhoto(name string, data []byte) uploaded {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.base+"/v1/conversations/"+c.id+"/photos?name="+name, bytes.NewReader(data))
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "image/png")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var up uploaded
	_ = json.NewDecoder(resp.Body).Decode(&up)
	if resp.StatusCode != 201 || up.Photo.ContentType != "image/jpeg" || up.Reply == nil || !strings.Contains(strings.ToLower(up.Reply.Text), "photo") {
		c.t.Fatalf("upload: %d %+v", resp.StatusCode, up)
	}
	return up
}

// TestPhotosOnDamageApproval: the customer sends a photo of a cracked mug,
// says what happened, and confirms what the agent proposes; above the
// merchant's limit the approval waits in the console with the photo.
func TestPhotosOnDamageApproval(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	con.set(func(s map[string]any) {
		p := s["policy"].(map[string]any)
		p["auto_returns"], p["refund_auto_limit"] = false, 1000 // the $24 mug needs a person
	})
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	up := c.sendPhoto("cracked-mug.jpg", phototest.JPEG())
	reply, _ := c.say("my order arrived broken, the mug is cracked in half")
	for i := 0; i < 2 && !strings.Contains(reply, "Shall I go ahead"); i++ {
		reply, _ = c.say("can I get a replacement?")
	}
	_, acts := c.say("yes")
	if !hasStatus(acts, "needs_approval") {
		t.Fatalf("actions %v after %q, want needs_approval", statusesOf(acts), reply)
	}
	var q struct {
		Approvals []struct {
			Action struct {
				Tool     string `json:"tool"`
				Proposal struct {
					Photos []string `json:"photos"`
				} `json:"proposal"`
			} `json:"action"`
			Photos []photoView `json:"photos"`
		} `json:"approvals"`
	}
	if code := con.do("GET", "/console/api/queue", nil, &q); code != 200 || len(q.Approvals) != 1 {
		t.Fatalf("queue: %d, %d approvals", code, len(q.Approvals))
	}
	ap := q.Approvals[0]
	if ap.Action.Tool != "report_damage" {
		t.Errorf("the approval is for %s, want report_damage", ap.Action.Tool)
	}
	if len(ap.Photos) != 1 || ap.Photos[0].ID != up.Photo.ID || !slices.Contains(ap.Action.Proposal.Photos, up.Photo.ID) {
		t.Fatalf("the %s approval shows photos %+v, proposal photos %v", ap.Action.Tool, ap.Photos, ap.Action.Proposal.Photos)
	}
}
