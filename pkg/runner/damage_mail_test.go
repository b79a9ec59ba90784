package runner_test

import (
	"fmt"
	"testing"
)

// A damage report by email with a photo (issue 16 trial): the resolution
// the customer names is the one stated and run, not one they turn down,
// and it is about the item they named.
func TestDamageMailChoice(t *testing.T) {
	const samuel = "samuel.whitfield@example.com"
	for _, tc := range []struct {
		name  string
		mails []string // each a reply to the agent's last mail
		want  func(t *testing.T, acts []shopAction)
	}{
		{"refund, not another one", []string{
			"Hi, the pour-over coffee kit from order #1006 arrived with the glass carafe cracked. Photo attached.",
			"A refund please, I don't want another one.",
			"yes",
		}, func(t *testing.T, acts []shopAction) {
			r := ofType(acts, "return")
			if len(acts) != 1 || len(r) != 1 || len(r[0].Lines) != 1 || r[0].Lines[0].Title != "Pour-Over Coffee Kit" || r[0].Detail["resolution"] != "refund" {
				t.Fatalf("shop actions %+v, want a refund return of the coffee kit alone", acts)
			}
		}},
		{"return for a replacement", []string{
			"I want to return the cracked mug from order #1006, photo attached, I'd like a replacement",
			"yes",
		}, func(t *testing.T, acts []shopAction) {
			r := ofType(acts, "replacement")
			if len(acts) != 1 || len(r) != 1 || len(r[0].Lines) != 1 || r[0].Lines[0].Title != "Harbor Stoneware Mug" || r[0].Lines[0].Quantity != 1 {
				t.Fatalf("shop actions %+v, want a replacement of one mug", acts)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := actionsServer(t)
			inReplyTo := ""
			for i, text := range tc.mails {
				hdr, body := "", "Content-Type: text/plain; charset=utf-8\n\n"+text+"\n"
				if inReplyTo != "" {
					hdr = "In-Reply-To: " + inReplyTo + "\nReferences: " + inReplyTo + "\n"
				}
				if i == 0 {
					body = "Content-Type: multipart/mixed; boundary=\"BB\"\n\n--BB\nContent-Type: text/plain; charset=utf-8\n\n" + text +
						"\n--BB\nContent-Type: image/png; name=\"crack.png\"\nContent-Disposition: attachment; filename=\"crack.png\"\nContent-Transfer-Encoding: base64\n\n" +
						"iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGPYEqWBFTEMLQkAa4pN\ngVEBnsUAAAAASUVORK5CYII=\n--BB--\n"
				}
				before := len(outboxTo(t, srv, samuel))
				dropMail(t, srv.URL, fmt.Sprintf("From: Samuel Whitfield <%s>\nTo: support@hearthandharbor.example\nSubject: Re: broken - order #1006\nMessage-ID: <dm%d@mail.example.com>\n%sDate: Sun, 06 Dec 2026 02:20:00 +0000\nMIME-Version: 1.0\n%s",
					samuel, i, hdr, body))
				box := outboxTo(t, srv, samuel)
				if len(box) == before {
					t.Fatalf("no reply to %q", text)
				}
				t.Logf("customer: %s\nagent: %s", text, box[len(box)-1].Text)
				inReplyTo = box[len(box)-1].Headers["Message-ID"]
			}
			tc.want(t, shopActions(t, srv))
		})
	}
}
