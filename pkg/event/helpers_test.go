package event_test

import (
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
)

func testConversation() conversation.Conversation {
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	return conversation.Conversation{Shop: "shop", ID: "c1", Channel: conversation.ChannelChat, Status: conversation.StatusOpen, CreatedAt: at, UpdatedAt: at}
}
