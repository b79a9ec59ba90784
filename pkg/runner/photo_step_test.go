package runner_test

import (
	"slices"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/photo/phototest"
)

// A photo sent while the agent waits for an answer keeps the step
// (issue 16 trial): after "replacement or refund?" the photo is kept and
// the customer's short answer still picks the resolution for the item
// they reported; after a stated proposal the photo joins it, and the yes
// still runs exactly it, with the photo shown to the person approving it.
func TestPhotoKeepsTheStep(t *testing.T) {
	t.Run("question", func(t *testing.T) {
		srv := actionsServer(t)
		c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
		c.say("my mug arrived cracked")
		c.sendPhoto("cracked-mug.jpg", phototest.JPEG())
		c.say("a replacement please")
		c.say("yes")
		acts := shopActions(t, srv)
		if r := ofType(acts, "replacement"); len(acts) != 1 || len(r) != 1 || len(r[0].Lines) != 1 ||
			r[0].Lines[0].Title != "Harbor Stoneware Mug" || r[0].Lines[0].Quantity != 1 {
			t.Fatalf("shop actions %+v, want one replacement of one mug", acts)
		}
	})
	t.Run("proposal", func(t *testing.T) {
		srv := actionsServer(t)
		con := signIn(t, srv)
		con.set(func(s map[string]any) {
			p := s["policy"].(map[string]any)
			p["auto_returns"], p["refund_auto_limit"] = false, 1000 // the mug's refund needs a person
		})
		c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
		c.say("my mug arrived cracked, I'd like a refund")
		up := c.sendPhoto("cracked-mug.jpg", phototest.JPEG())
		_, acts := c.say("yes")
		if !hasStatus(acts, "needs_approval") {
			t.Fatalf("actions %v after the photo and a yes, want needs_approval", statusesOf(acts))
		}
		aps := con.approvals()
		if len(aps) != 1 || aps[0].Action.Tool != "report_damage" || len(aps[0].Action.Proposal.Lines) != 1 {
			t.Fatalf("approvals %+v, want one report_damage of one line", aps)
		}
		var q struct {
			Approvals []struct {
				Photos []photoView `json:"photos"`
			} `json:"approvals"`
		}
		con.do("GET", "/console/api/queue", nil, &q)
		if len(q.Approvals) != 1 || !slices.ContainsFunc(q.Approvals[0].Photos, func(p photoView) bool { return p.ID == up.Photo.ID }) {
			t.Fatalf("the approval shows photos %+v, want %s", q.Approvals, up.Photo.ID)
		}
	})
}

// The same through the Bedrock tool protocol: the photo alone is not sent
// to the model (code keeps the question), and the model's call for the
// customer's answer states the replacement the yes runs.
func TestPhotoKeepsTheQuestionBedrock(t *testing.T) {
	_, srv, fake := playedRunner(t,
		move{"cracked", "report_damage", map[string]any{"items": items("mug"), "problem": "damaged"}},
		move{"replacement", "report_damage", map[string]any{"items": items("mug"), "problem": "damaged", "resolution": "replacement"}},
		move{"yes", "report_damage", map[string]any{"confirm": true}})
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	c.say("my mug arrived cracked")
	resultHas(t, fake.lastCall(t, "report_damage"), `"status":"ask_customer"`)
	fake.mu.Lock()
	posts := fake.posts
	fake.mu.Unlock()
	up := c.sendPhoto("cracked-mug.jpg", phototest.JPEG())
	wantIn(t, up.Reply.Text, "Here is what I can do for you.") // the step, asked again
	fake.mu.Lock()
	if fake.posts != posts {
		t.Errorf("the photo alone went to the model (%d calls)", fake.posts-posts)
	}
	fake.mu.Unlock()
	c.say("a replacement please")
	fake.lastCall(t, "report_damage")
	c.say("yes")
	acts := shopActions(t, srv)
	if r := ofType(acts, "replacement"); len(acts) != 1 || len(r) != 1 || len(r[0].Lines) != 1 || r[0].Lines[0].Title != "Harbor Stoneware Mug" {
		t.Fatalf("shop actions %+v, want one replacement of one mug", acts)
	}
}
