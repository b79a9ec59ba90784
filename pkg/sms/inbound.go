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

// The words carriers and AWS treat as opt-out and opt-in keywords, and the
// yes a customer answers an invitation with.
var keywords = map[string]Keyword{
	"STOP": KeywordStop, "STOPALL": KeywordStop, "UNSUBSCRIBE": KeywordStop, "CANCEL": KeywordStop,
	"END": KeywordStop, "QUIT": KeywordStop, "OPTOUT": KeywordStop, "REVOKE": KeywordStop, "ARRET": KeywordStop,
	"START": KeywordStart, "UNSTOP": KeywordStart, "YES": KeywordStart, "Y": KeywordStart, "SUBSCRIBE": KeywordStart,
	"OPTIN": KeywordStart, "JOIN": KeywordStart,
	"HELP": KeywordHelp, "INFO": KeywordHelp,
}

// stopFirst are the opt-out words honoured as a message's first word even
// when more follows ("stop texting me"); every other keyword must be the
// whole message ("Yes", " start! "), so that "cancel my order" or "yes but
// where is it?" change nothing.
var stopFirst = map[string]bool{"STOP": true, "STOPALL": true, "UNSUBSCRIBE": true}

// Classify reads the keyword of a message, whatever its case, spacing and
// punctuation: KeywordNone for a message that is not one.
func Classify(body string) Keyword {
	words := strings.FieldsFunc(body, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) })
	if len(words) == 0 {
		return KeywordNone
	}
	w := asciiUpper(words[0])
	if len(words) > 1 && (w == "STOP" && asciiUpper(words[1]) == "ALL" || w == "OPT") {
		w += asciiUpper(words[1])
		words = words[1:]
	}
	k := keywords[w]
	if len(words) > 1 && !stopFirst[w] {
		return KeywordNone
	}
	return k
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
