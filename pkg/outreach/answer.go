package outreach

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/typo"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// Kinds of customer message outreach handles.
const (
	MatchCheckIn = "check_in" // the answer to a check-in
	MatchRating  = "rating"   // a delivery rating, 1 to 5
	MatchOptOut  = "opt_out"  // "stop"
	// MatchFriendCode is a request for the code to give a friend, answered
	// with the one already issued (nothing to apply).
	MatchFriendCode = "friend_code"
)

// ratingWindow is how long after the request a rating is taken.
const ratingWindow = 14 * 24 * time.Hour

// Message is a customer's message that may answer outreach.
type Message struct {
	Shop string
	// Email is the customer's verified email (a verified chat, or an email
	// sender whose SPF/DKIM passed): unverified messages must not be
	// passed in.
	Email string
	// ConversationID is where the message came, if in a conversation:
	// follow-ups go there.
	ConversationID string
	Text           string
	// CheckIns, when Known, are the customer's check-in records as the
	// conversation's customer context holds them (CheckInDocs), so Match
	// reads none.
	CheckIns []conversation.Doc `json:"-"`
	Known    bool               `json:"-"`
}

// CheckInDocs reads a customer's check-in records, for the customer
// context (agent.CheckIns).
func (s *Service) CheckInDocs(ctx context.Context, shop, email string) ([]conversation.Doc, error) {
	docs, err := s.Store.ListDocs(ctx, CheckIns, shop+"|"+order.NormaliseEmail(email)+"|", "", 50)
	if err != nil {
		return nil, fmt.Errorf("outreach records: %w", err)
	}
	out := make([]conversation.Doc, 0, len(docs))
	for _, d := range docs {
		out = append(out, conversation.Doc{ID: d.ID, Value: d.Value})
	}
	return out, nil
}

// Match is what a message means to outreach. A zero Kind means nothing:
// the agent answers as usual.
type Match struct {
	Kind      string
	Sentiment string // for MatchCheckIn
	Rating    int    // for MatchRating
	// Reply answers the customer in place of the agent.
	Reply string

	msg   Message
	recs  []CheckIn
	rec   CheckIn
	recID string
}

// Match reads what a message means to outreach, changing nothing, so a
// caller that retries (a chat turn that lost a save race) can call it
// again. Apply it once the customer's message is saved.
func (s *Service) Match(ctx context.Context, m Message) (Match, error) {
	m.Email = order.NormaliseEmail(m.Email)
	if m.Email == "" || m.Shop == "" {
		return Match{}, nil
	}
	// Only a message that could be an answer costs a read.
	if _, rating := ParseRating(m.Text); !rating && !IsOptOut(m.Text) && Sentiment(m.Text) != Happy && Sentiment(m.Text) != Unhappy && !friendCodeRequest(m.Text) {
		return Match{}, nil
	}
	docs := m.CheckIns
	if !m.Known {
		var err error
		if docs, err = s.CheckInDocs(ctx, m.Shop, m.Email); err != nil {
			return Match{}, err
		}
	}
	if len(docs) == 0 {
		return Match{}, nil
	}
	recs := make([]CheckIn, 0, len(docs))
	ids := map[string]string{}
	for _, d := range docs {
		var r CheckIn
		if err := json.Unmarshal(d.Value, &r); err != nil {
			return Match{}, fmt.Errorf("read outreach record %s: %w", d.ID, err)
		}
		recs = append(recs, r)
		ids[r.OrderID] = d.ID
	}
	sort.SliceStable(recs, func(i, j int) bool { return sentAt(recs[i]).After(sentAt(recs[j])) })
	if IsOptOut(m.Text) {
		return Match{Kind: MatchOptOut, msg: m, recs: recs,
			Reply: "Understood: we won't send you any more check-ins or review requests. If you need anything with an order, just write here."}, nil
	}
	now := s.Clock.Now()
	for _, r := range recs {
		if r.SentAt == nil || r.Token == "" || !now.Before(r.AnswerBy) {
			continue
		}
		if a, answered, err := s.answerDoc(ctx, ids[r.OrderID]); err != nil {
			return Match{}, err
		} else if answered && !a.Pending {
			continue
		}
		switch Sentiment(m.Text) {
		case Happy:
			if AsksToAct(m.Text) {
				// "Love it, but could I exchange it for the blue one": a
				// request wins over the praise; the check-in stays open.
				return Match{}, nil
			}
			return Match{Kind: MatchCheckIn, Sentiment: Happy, Reply: "That's wonderful to hear!", msg: m, rec: r, recID: ids[r.OrderID]}, nil
		case Unhappy:
			if ForTheAgent(m.Text) {
				// "I'd like to return the kettle": the agent can do it
				// now, which beats a person later. The check-in stays open.
				return Match{}, nil
			}
			return Match{Kind: MatchCheckIn, Sentiment: Unhappy, Reply: "Thank you for telling us.", msg: m, rec: r, recID: ids[r.OrderID]}, nil
		}
		break // not an answer to the newest check-in: the agent handles it
	}
	if friendCodeRequest(m.Text) {
		if fm, ok, err := s.friendCodeMatch(ctx, m, recs, now); err != nil {
			return Match{}, err
		} else if ok {
			return fm, nil
		}
		if m.Known {
			// The conversation's context may predate the codes: read the
			// records (only a message asking for a friend's code costs it).
			m.Known, m.CheckIns = false, nil
			return s.Match(ctx, m)
		}
		return Match{}, nil
	}
	if n, ok := ParseRating(m.Text); ok {
		for _, r := range recs {
			if r.RatingRequestedAt == nil || now.Sub(*r.RatingRequestedAt) > ratingWindow {
				continue
			}
			if _, err := s.Store.GetDoc(ctx, Ratings, r.Shop+"|"+r.OrderID); err == nil {
				continue
			} else if !errors.Is(err, store.ErrNotFound) {
				return Match{}, fmt.Errorf("delivery rating: %w", err)
			}
			return Match{Kind: MatchRating, Rating: n, msg: m, rec: r, recID: ids[r.OrderID],
				Reply: fmt.Sprintf("Thank you for rating the delivery of order %s %d out of 5!", r.OrderName, n)}, nil
		}
	}
	return Match{}, nil
}

func sentAt(r CheckIn) time.Time {
	if r.SentAt != nil {
		return *r.SentAt
	}
	return time.Time{}
}

// Apply does what a match means: completes the waiting check-in with the
// customer's sentiment (its suggestion or resolution follows), stores a
// rating, or opts the customer out and stops their outreach.
func (s *Service) Apply(ctx context.Context, m Match) error {
	now := s.Clock.Now()
	switch m.Kind {
	case MatchOptOut:
		if err := s.OptOut(ctx, m.msg.Shop, m.msg.Email); err != nil {
			return err
		}
		var errs []error
		for _, r := range m.recs {
			if r.Execution != "" {
				errs = append(errs, s.Scheduler.Stop(ctx, workflow.Outreach, r.Execution, "customer opted out"))
			}
		}
		s.log().InfoContext(ctx, "outreach opt-out", "shop", m.msg.Shop)
		return errors.Join(errs...)
	case MatchCheckIn:
		a := Answer{Sentiment: m.Sentiment, ConversationID: m.msg.ConversationID}
		doc := answerDoc{Answer: a, At: now, Pending: true}
		b, _ := json.Marshal(doc)
		err := s.Store.CreateDoc(ctx, answers, m.recID, b, now.Add(keep))
		if errors.Is(err, store.ErrConflict) {
			// Answered already: the first answer stands. Its task may not
			// have been completed (the call failed after the answer was
			// written): then completing it is this retry's job.
			var ok bool
			if doc, ok, err = s.answerDoc(ctx, m.recID); err != nil {
				return err
			}
			if !ok || !doc.Pending {
				return nil
			}
		} else if err != nil {
			return fmt.Errorf("record check-in answer: %w", err)
		}
		err = s.Scheduler.SendTaskSuccess(ctx, m.rec.Token, doc.Answer)
		switch {
		case errors.Is(err, workflow.ErrTaskGone):
			// A retrying check-in step picks the answer up itself.
			s.log().InfoContext(ctx, "outreach: check-in task not waiting", "order", m.rec.OrderID)
		case err != nil:
			return fmt.Errorf("complete check-in: %w", err)
		default:
			s.log().InfoContext(ctx, "outreach check-in answered", "order", m.rec.OrderID, "sentiment", doc.Sentiment)
		}
		doc.Pending = false
		b, _ = json.Marshal(doc)
		if err := s.Store.PutDoc(ctx, answers, m.recID, b, doc.At.Add(keep)); err != nil {
			return fmt.Errorf("record check-in answer completed: %w", err)
		}
		return nil
	case MatchRating:
		b, _ := json.Marshal(Rating{Shop: m.rec.Shop, OrderID: m.rec.OrderID, OrderName: m.rec.OrderName, Score: m.Rating, At: now})
		if err := s.Store.PutDoc(ctx, Ratings, m.rec.Shop+"|"+m.rec.OrderID, b, time.Time{}); err != nil {
			return fmt.Errorf("store delivery rating: %w", err)
		}
		s.log().InfoContext(ctx, "delivery rated", "order", m.rec.OrderID, "score", m.Rating)
		if s.Metrics != nil {
			if err := s.Metrics.DeliveryRating(ctx, m.rec.Shop, m.rec.OrderID, now, m.Rating); err != nil {
				s.log().WarnContext(ctx, "metrics", "order", m.rec.OrderID, "err", err)
			}
		}
	}
	return nil
}

// Answer is Match then Apply, for callers with nothing to save in between
// (the email channel).
func (s *Service) Answer(ctx context.Context, m Message) (Match, error) {
	mt, err := s.Match(ctx, m)
	if err != nil || mt.Kind == "" {
		return mt, err
	}
	return mt, s.Apply(ctx, mt)
}

// Rating is a customer's rating of a delivery (collection Ratings).
type Rating struct {
	Shop      string    `json:"shop"`
	OrderID   string    `json:"order_id"`
	OrderName string    `json:"order_name"`
	Score     int       `json:"score"`
	At        time.Time `json:"at"`
}

// --- reading the customer's words --------------------------------------------

var (
	// happyPhrases read as praise though they hold a "problem" word.
	happyPhrases = []string{"no problem", "no problems", "no issue", "no issues", "not bad", "no complaints", "nothing wrong", "all good", "thank you", "works well", "works great"}
	happyWords   = []string{"love", "loved", "loving", "lovely", "great", "good", "perfect", "happy", "excellent", "amazing", "fantastic", "wonderful", "thanks", "nice", "awesome", "pleased", "beautiful", "brilliant", "delighted", "gorgeous", "fine", "satisfied", "superb", "glad"}
	sadWords     = []string{"broken", "broke", "damaged", "dented", "cracked", "chipped", "scratched", "disappointed", "disappointing", "bad", "terrible", "awful", "horrible", "wrong", "return", "refund", "hate", "hated", "poor", "problem", "problems", "issue", "issues", "missing", "faulty", "defective", "unhappy", "useless", "leaking", "leaks", "late", "never", "worst", "rubbish", "complaint", "stained", "torn"}
	negations    = []string{"not", "isn't", "wasn't", "doesn't", "didn't", "don't", "no", "never", "hardly", "aren't", "won't", "can't", "cannot"}
)

// Sentiment reads a check-in answer: Happy, Unhappy, or "" when it is
// neither clearly (a question, say), which the agent then answers. Any sign
// of a problem wins over praise: "love it but the lid is cracked" is
// unhappy.
func Sentiment(text string) string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\''
	})
	if len(words) == 0 || len(words) > 60 {
		return ""
	}
	happy := false
	joined := " " + strings.Join(words, " ") + " "
	for _, p := range happyPhrases {
		if strings.Contains(joined, " "+p+" ") {
			happy = true
			joined = strings.ReplaceAll(joined, " "+p+" ", " ")
		}
	}
	rest := strings.Fields(joined)
	for i, w := range rest {
		switch {
		case slices.Contains(sadWords, w):
			return Unhappy
		case slices.Contains(happyWords, w):
			if i > 0 && slices.Contains(negations, rest[i-1]) || i > 1 && slices.Contains(negations, rest[i-2]) {
				return Unhappy // "not good", "not very happy"
			}
			happy = true
		}
	}
	if happy {
		return Happy
	}
	return ""
}

// requestWords name what the agent itself carries out, and damageWords an
// item that came damaged, which the agent resolves (a replacement or
// refund now beats a person later). A word within an edit of a request
// word of six letters or more is it mistyped ("retrun", "refnd").
var (
	requestWords = []string{"return", "returns", "returning", "refund", "refunds", "exchange", "exchanging", "swap", "replace",
		"replacement", "cancel", "credit"}
	// questionWords ask about an order: the agent answers them.
	questionWords = []string{"track", "tracking", "where", "when", "how"}
	damageWords   = []string{"broken", "broke", "damaged", "damage", "cracked", "crack", "chipped", "dented", "smashed", "shattered",
		"torn", "ripped", "leaking", "leaks", "defective", "faulty", "missing"}
	// requestPhrases are requests of more than a word.
	requestPhrases = []string{"send it back", "send them back", "send back", "money back", "my money", "wrong item", "wrong size",
		"wrong colour", "wrong color", "not what i ordered", "doesn't work", "does not work", "stopped working", "never arrived",
		"never came", "didn't arrive", "not arrived"}
)

// AsksToAct reports whether a message asks for something the agent does
// (a return, a refund, an exchange, a replacement, a cancellation) or
// reports a damaged, wrong or missing item: a clear request, which wins
// over an answer to a check-in, however glad or sad it sounds.
func AsksToAct(text string) bool {
	low := strings.ToLower(text)
	joined := " " + strings.Join(strings.FieldsFunc(low, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }), " ") + " "
	for _, p := range requestPhrases {
		if strings.Contains(joined, " "+p+" ") {
			return true
		}
	}
	for _, w := range strings.FieldsFunc(low, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if slices.Contains(requestWords, w) || slices.Contains(damageWords, w) {
			return true
		}
		if len(w) >= 6 {
			for _, r := range requestWords {
				if len(r) >= 6 && typo.Distance(w, r) == 1 && !slices.Contains(notRequests, w) {
					return true
				}
			}
		}
		if len(w) == 5 {
			for _, r := range requestWords {
				if len(r) == 6 && typo.Distance(w, r) == 1 {
					return true
				}
			}
		}
	}
	return false
}

// notRequests are words an edit from a request word that ask nothing:
// "the returned parcel".
var notRequests = []string{"returned", "refunded", "replaced", "exchanged", "cancelled", "canceled", "credits"}

// ForTheAgent reports whether a check-in answer asks for something the
// agent does (AsksToAct) or asks a question, rather than only saying how
// it went: the agent answers it, and the check-in is not taken as
// answered.
func ForTheAgent(text string) bool {
	if strings.Contains(text, "?") || AsksToAct(text) {
		return true
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if slices.Contains(questionWords, w) {
			return true
		}
	}
	return false
}

var ratingRE = regexp.MustCompile(`^\s*([1-5])\s*(/\s*5|out of 5|stars?|)\s*[.!]*\s*$`)

// ParseRating reads a 1-to-5 rating: "4", "4/5", "4 out of 5", "5 stars".
func ParseRating(text string) (int, bool) {
	m := ratingRE.FindStringSubmatch(strings.ToLower(text))
	if m == nil {
		return 0, false
	}
	return int(m[1][0] - '0'), true
}

// IsOptOut reports whether a message asks for no more outreach.
func IsOptOut(text string) bool {
	t := strings.Trim(strings.ToLower(strings.TrimSpace(text)), ".!")
	switch t {
	case "stop", "unsubscribe", "opt out", "optout", "stop messages", "stop emails", "no more emails", "no more messages", "please stop":
		return true
	}
	return false
}
