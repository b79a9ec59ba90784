package sms

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// Inbound is a text message a customer sent to the shop's number.
type Inbound struct {
	// From is the customer's number, To the shop's, both E.164.
	From, To string
	Body     string
	// ID is the message's id where the channel gives one.
	ID string
}

// MaxInbound bounds an inbound payload, in bytes: an SMS is at most a few
// hundred characters; longer input is refused unread.
const MaxInbound = 16 << 10

// ErrNotInbound is a payload that is not an inbound text message.
var ErrNotInbound = errors.New("not an inbound text message")

// twoWayJSON is the payload AWS End User Messaging SMS publishes to the
// two-way channel's SNS topic for each message a customer sends.
type twoWayJSON struct {
	OriginationNumber          string `json:"originationNumber"`
	DestinationNumber          string `json:"destinationNumber"`
	MessageKeyword             string `json:"messageKeyword"`
	MessageBody                string `json:"messageBody"`
	InboundMessageID           string `json:"inboundMessageId"`
	PreviousPublishedMessageID string `json:"previousPublishedMessageId"`
}

// ParseInbound reads the JSON AWS End User Messaging SMS (and SNS two-way
// SMS) publishes for an incoming message: the SNS notification's Message.
// It needs the sender's number in E.164; the body may be empty.
func ParseInbound(payload string) (Inbound, error) {
	if len(payload) > MaxInbound {
		return Inbound{}, fmt.Errorf("%w: payload of %d bytes", ErrNotInbound, len(payload))
	}
	var p twoWayJSON
	if err := json.Unmarshal([]byte(payload), &p); err != nil {
		return Inbound{}, fmt.Errorf("%w: %v", ErrNotInbound, err)
	}
	from := Normalise(p.OriginationNumber)
	if from == "" {
		return Inbound{}, fmt.Errorf("%w: no sender number in international form", ErrNotInbound)
	}
	return Inbound{From: from, To: Normalise(p.DestinationNumber), Body: p.MessageBody, ID: p.InboundMessageID}, nil
}

// Keyword is what an inbound message asks for.
type Keyword int

// Keywords.
const (
	KeywordNone  Keyword = iota // anything else: not acted on
	KeywordStop                 // no more texts
	KeywordStart                // texts again (or for the first time)
	KeywordHelp
)

func (k Keyword) String() string {
	switch k {
	case KeywordStop:
		return "stop"
	case KeywordStart:
		return "start"
	case KeywordHelp:
		return "help"
	}
	return "none"
}

// The words carriers and AWS treat as opt-out and opt-in keywords (CTIA's
// STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, and the FCC's 2024 list of
// revocation words: REVOKE, OPT OUT), and the yes a customer answers an
// invitation with. As a whole message, whatever its case, spacing and
// punctuation, each is that keyword.
var keywords = map[string]Keyword{
	"STOP": KeywordStop, "STOPALL": KeywordStop, "UNSUBSCRIBE": KeywordStop, "CANCEL": KeywordStop,
	"END": KeywordStop, "QUIT": KeywordStop, "OPTOUT": KeywordStop, "REVOKE": KeywordStop, "ARRET": KeywordStop,
	"START": KeywordStart, "UNSTOP": KeywordStart, "YES": KeywordStart, "Y": KeywordStart, "SUBSCRIBE": KeywordStart,
	"OPTIN": KeywordStart, "JOIN": KeywordStart,
	"HELP": KeywordHelp, "INFO": KeywordHelp,
}

// A message that is not a keyword alone still opts out when it clearly
// asks us to stop texting: the customer's wish counts, not its spelling
// (and the confirmation they get says how to undo it, so it is never
// silent). It does so when
//   - it is an unambiguous opt-out word with only courtesy around it
//     ("stop please", "STOP IT NOW!!", "unsubscribe me thanks"); CANCEL,
//     END and QUIT count only alone, as "cancel it" may be about an order;
//   - it says UNSUBSCRIBE or OPT (ME) OUT anywhere;
//   - STOP, QUIT or CEASE, or NO MORE, or DON'T / DO NOT, comes a few words
//     before a word for our texts ("please stop texting me", "no more
//     messages", "don't text me"), and is not itself negated ("don't stop
//     the updates").
//
// Other sentences with "stop" in them ("the driver didn't stop", "stop the
// delivery, I moved") change nothing.
var (
	// courtesy are the words that may surround an opt-out word alone.
	courtesy = wordSet("PLEASE PLS PLZ THANKS THANK YOU THX TY NOW JUST KINDLY OK OKAY IT THEM THIS THESE THAT I SAID ALREADY ASAP IMMEDIATELY ME ALL AGAIN SIR MADAM HI HELLO")
	// soleStop are the opt-out words that may have courtesy around them.
	soleStop = wordSet("STOP STOPALL UNSUBSCRIBE OPTOUT REVOKE")
	// texting are the words for what we send.
	texting = wordSet("TEXT TEXTS TEXTING TXT TXTS TXTING MESSAGE MESSAGES MESSAGING MSG MSGS SMS SENDING CONTACTING NOTIFICATIONS ALERTS UPDATES UPDATE SPAM SPAMMING")
	// stopVerbs ask for something to stop.
	stopVerbs = wordSet("STOP QUIT CEASE")
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// Classify reads the keyword of a message: KeywordNone for a message that
// is neither a keyword alone nor a clear request to stop texts (see
// above).
func Classify(body string) Keyword {
	raw := strings.FieldsFunc(body, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) })
	words := make([]string, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		w := asciiUpper(raw[i])
		// Two-word spellings: STOP ALL, OPT OUT, OPT IN, and DON'T,
		// DIDN'T ... split at the apostrophe.
		if i+1 < len(raw) {
			next := asciiUpper(raw[i+1])
			if w == "STOP" && next == "ALL" || w == "OPT" && (next == "OUT" || next == "IN") || next == "T" && strings.HasSuffix(w, "N") {
				w += next
				i++
			}
		}
		words = append(words, w)
	}
	if len(words) == 0 {
		return KeywordNone
	}
	if len(words) == 1 {
		return keywords[words[0]]
	}
	if asksToStop(words) {
		return KeywordStop
	}
	return KeywordNone
}

// asksToStop reports whether words (upper case, two-word spellings joined)
// clearly ask for no more texts.
func asksToStop(words []string) bool {
	stop := 0
	alone := true
	for _, w := range words {
		switch {
		case soleStop[w]:
			stop++
		case !courtesy[w]:
			alone = false
		}
	}
	if alone && stop > 0 {
		return true
	}
	for i, w := range words {
		switch {
		case w == "UNSUBSCRIBE" || w == "OPTOUT":
			return true
		case w == "OPT" && i+2 < len(words) && words[i+1] == "ME" && words[i+2] == "OUT":
			return true
		}
		var at int
		switch {
		case stopVerbs[w] && !negated(words, i):
			at = i + 1
		case w == "NO" && i+1 < len(words) && words[i+1] == "MORE":
			at = i + 2
		case w == "DONT" || w == "DO" && i+1 < len(words) && words[i+1] == "NOT":
			at = i + 1
			if w == "DO" {
				at++
			}
			// "don't stop", "do not stop": the customer wants texts.
			if at < len(words) && stopVerbs[words[at]] {
				continue
			}
		default:
			continue
		}
		for j := at; j < len(words) && j < at+4; j++ {
			if texting[words[j]] {
				return true
			}
		}
	}
	return false
}

// negated reports whether the word at i has a DON'T, NOT or NEVER in the
// two words before it.
func negated(words []string, i int) bool {
	for j := max(0, i-2); j < i; j++ {
		switch words[j] {
		case "DONT", "NOT", "NEVER", "DIDNT", "WONT", "CANT", "DOESNT":
			return true
		}
	}
	return false
}

// asciiUpper upper-cases an ASCII word; "" for any other (keywords are
// ASCII, and Unicode case mapping would read "ſtop" as STOP).
func asciiUpper(w string) string {
	b := []byte(w)
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			b[i] = c - 'a' + 'A'
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		default:
			return ""
		}
	}
	return string(b)
}
