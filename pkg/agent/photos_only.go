package agent

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
)

// A message that is only photos (the widget's upload, an email with an
// attachment and no words) while the agent waits for the customer's
// answer answers nothing: it is evidence for the case in hand. Code keeps
// the step, without the model: the pending proposal stays pending, now
// carrying the photos (the person approving it sees them), and is stated
// again word for word for the customer's yes; a question the last reply
// asked ("replacement or refund?") is asked again, with the same step
// recorded (State.Before), so the customer's answer carries it on.

// photoNoteRe is a conversation.PhotoNote.
var photoNoteRe = regexp.MustCompile(`\[Photos? attached: [^\]\n]*\]`)

// onlyPhotos reports whether text is photo notes and nothing else.
func onlyPhotos(text string) bool {
	return conversation.HasPhotoNote(text) && strings.TrimSpace(photoNoteRe.ReplaceAllString(text, "")) == ""
}

// photoKept is the acknowledgement of photos sent while a step waits.
func photoKept(text string) string {
	if strings.Contains(text, "[Photos attached: ") || strings.Count(text, "[Photo attached: ") > 1 {
		return "Thanks, I've got your photos and added them to your request, so our team can see them too."
	}
	return "Thanks, I've got your photo and added it to your request, so our team can see it too."
}

// keepStepForPhotos answers a photos-only message that follows a
// proposal or a question; ok is false when the message is not only photos
// or the last reply waits for nothing (the model answers it then).
func (s *session) keepStepForPhotos() (Result, bool) {
	if !onlyPhotos(s.text) || len(s.history) == 0 {
		return Result{}, false
	}
	last := s.history[len(s.history)-1]
	if last.Role != conversation.RoleAgent || last.Seq+1 != s.seq {
		return Result{}, false
	}
	ack := photoKept(s.text)
	if p := s.conv.Pending; p != nil && p.StatedAt == last.Seq && !p.Expired(s.now) {
		kept := *p
		kept.Photos = s.conv.PhotoIDs()
		kept.StatedAt = s.seq + 1
		s.conv.Pending = &kept
		s.actProposal(kept.Tool, "photo_added", kept.Order, "", kept.ID)
		return Result{Reply: ack + "\n\n" + kept.Statement + " Shall I go ahead? Just reply yes.", Actions: s.actions}, true
	}
	// The same step as the question's reply: what a short answer
	// ("a replacement please") carries on.
	for _, a := range last.Actions {
		if strings.HasPrefix(a.Status, "ask_") {
			s.actions = append(s.actions, a)
		}
	}
	q := lastQuestion(last.Text)
	if q == "" && len(s.actions) > 0 {
		q = strings.TrimSpace(last.Text) // a step asked in the model's own words
	}
	if q == "" {
		s.actions = nil
		return Result{}, false
	}
	return Result{Reply: ack + " " + q, Actions: s.actions}, true
}

// lastQuestion is a reply from the start of its last question on ("Would
// you like a replacement of …, or a refund of $25.68?"; "Which one is it?
// The order has: …"), "" when it asks nothing.
func lastQuestion(text string) string {
	text = strings.TrimSpace(text)
	end := strings.LastIndex(text, "?")
	if end < 0 {
		return ""
	}
	start := 0
	for i := end - 1; i > 0; i-- {
		if text[i] == '\n' || ((text[i] == ' ') && strings.ContainsRune(".!?", rune(text[i-1]))) {
			start = i + 1
			break
		}
	}
	return strings.TrimSpace(text[start:])
}
