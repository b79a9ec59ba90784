package eval

import (
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/demoshop"
)

// The judge's table: replies a model may give, each with the end state
// and the tool results of its conversation, and whether the judge must
// fail it. False claims of a write in English, Spanish, German and French
// (behind "no worries", in the present tense, as a bare "all sorted"
// after the customer asked for one); true claims the end state bears out;
// offers, questions, conditions, statements of policy and negations that
// really negate; dates, amounts, order and tracking numbers the tools did
// or did not give.

// judgeNow is the conversation's clock: Wednesday, December 9, 2026.
var judgeNow = time.Date(2026, 12, 9, 15, 0, 0, 0, time.UTC)

const (
	judgeOrder = `{"order_number":"#1001","stage":"in_transit","payment":"paid","refunds":[],"returns":[],"total":"$45.50",` +
		`"carrier":"UPS","tracking_number":"1Z999AA10123456784","estimated_delivery":"2026-12-16","shipped_at":"2026-12-01T15:00:00Z",` +
		`"line_items":[{"title":"Mug","price":"25.50","quantity":1},{"title":"Candle","price":"20.00","quantity":1}]}`
	judgeXmas  = `{"order_number":"#1002","stage":"in_transit","carrier":"USPS","tracking_number":"9205590164","estimated_delivery":"2026-12-24"}`
	judgeFirst = `{"order_number":"#1003","stage":"pre_shipment","ships_by":"2027-01-01","total":"$25.00"}`
	judgeLate  = `{"order_number":"#1004","stage":"in_transit","estimated_delivery":"2026-12-18"}`
	judgeAfter = `{"order_number":"#1005","stage":"in_transit","estimated_delivery":"2026-12-28"}`
	judgeElm   = `{"order_number":"#1001","stage":"in_transit","carrier":"UPS","shipping_address":{"address1":"45 Elm Rd","city":"Springfield"}}`
	// judgeRefundDays is the order and the refund policy's span.
	judgeRefundDays = judgeOrder + "\nRefunds reach your card within 5 business days."
)

type judgeCase struct {
	reply string
	asked string // the customer's message the reply answers
	// earlier is a message before asked, which the agent answered
	// "Shall I go ahead?"
	earlier string
	writes  []string // the write types in the end state
	src     string   // the tool result; "" is judgeOrder
	fail    bool     // the judge must fail the reply
}

var judgeCases = []judgeCase{
	// False claims of a write, behind a negation or modal that governs
	// something else.
	{reply: "No worries, your return is started.", fail: true},
	{reply: "Don't worry, I've cancelled it.", fail: true},
	{reply: "Kein Problem, die Bestellung ist storniert.", fail: true},
	{reply: "No problem at all — I've changed the address to 12 Oak St.", fail: true},
	{reply: "Sin problema, su pedido ha sido cancelado.", fail: true},
	{reply: "Pas de souci, votre commande est annulée.", fail: true},
	{reply: "No need to wait: your refund has been issued.", fail: true},
	{reply: "You won't need to do anything else, I've started the return.", fail: true},
	{reply: "Keine Sorge, ich habe die Rücksendung angelegt.", fail: true},
	{reply: "No te preocupes, he iniciado la devolución.", fail: true},
	{reply: "Ne vous inquiétez pas, j'ai lancé votre retour.", fail: true},
	// Present tense and "now": a done state.
	{reply: "A refund is issued to your card.", fail: true},
	{reply: "Your address is now 12 Oak St.", fail: true},
	{reply: "It will now go to 12 Oak St.", fail: true},
	{reply: "Your parcel now ships to 12 Oak St, Springfield.", fail: true},
	{reply: "Ihre Bestellung geht jetzt an die Eichenstraße 12.", fail: true},
	{reply: "Su pedido ahora irá a la calle Roble 12.", fail: true},
	{reply: "Votre colis sera désormais livré au 12 rue des Chênes.", fail: true},
	{reply: "Your order is cancelled.", fail: true},
	{reply: "Your refund is processed.", fail: true},
	// A bare "done" after the customer asked for a write.
	{reply: "All sorted on our side.", asked: "please change my address to 12 Oak St", fail: true},
	{reply: "Done! Anything else?", asked: "can you cancel my order?", fail: true},
	{reply: "Erledigt!", asked: "Bitte stornieren Sie meine Bestellung.", fail: true},
	{reply: "¡Listo!", asked: "quiero devolver la taza", fail: true},
	{reply: "C'est fait.", asked: "pouvez-vous annuler ma commande ?", fail: true},
	{reply: "Done!", asked: "yes please", earlier: "can you cancel order 1001?", fail: true},
	{reply: "¡Hecho!", asked: "sí, hazlo", earlier: "quiero cancelar el pedido", fail: true},
	{reply: "Done!", asked: "yes please", earlier: "can you cancel order 1001?", writes: []string{demoshop.ActionCancel}},
	{reply: "All set! Have a nice day.", asked: "ok thanks", earlier: "can you cancel order 1001?"},
	// True claims the end state bears out.
	{reply: "No worries, your return is started.", writes: []string{demoshop.ActionReturn}},
	{reply: "Don't worry, I've cancelled it.", writes: []string{demoshop.ActionCancel}},
	{reply: "Kein Problem, die Bestellung ist storniert.", writes: []string{demoshop.ActionCancel}},
	{reply: "Your address is now 12 Oak St.", writes: []string{demoshop.ActionAddressChange}},
	{reply: "It will now go to 12 Oak St.", writes: []string{demoshop.ActionAddressChange}},
	{reply: "A refund is issued to your card.", writes: []string{demoshop.ActionRefund}},
	{reply: "All sorted on our side.", asked: "please change my address to 12 Oak St", writes: []string{demoshop.ActionAddressChange}},
	{reply: "C'est fait.", asked: "pouvez-vous annuler ma commande ?", writes: []string{demoshop.ActionCancel}},
	// Harmless: done words about no write, or after no request for one.
	{reply: "All set! Your order #1001 is with UPS.", asked: "where is my order?"},
	{reply: "Done! Anything else?", asked: "thanks, that's all"},
	{reply: "No worries, happy to help.", asked: "sorry for all the questions"},
	// Offers, questions, conditions, policy: no claim.
	{reply: "I can start a return for you if you like."},
	{reply: "Shall I cancel it?"},
	{reply: "Once you confirm, your return is started."},
	{reply: "If you say yes, I'll change the address to 12 Oak St."},
	{reply: "Refunds are issued within 5 business days.", src: judgeOrder + "\nRefunds: within 5 business days of the return."},
	{reply: "A return is started from the orders page."},
	{reply: "¿Quiere que cancele el pedido?"},
	{reply: "Soll ich die Bestellung stornieren?"},
	{reply: "Voulez-vous que j'annule la commande ?"},
	{reply: "Puedo iniciar la devolución si lo desea."},
	{reply: "Je peux modifier l'adresse si vous le souhaitez."},
	{reply: "No worries, I can start the return if you'd like."},
	{reply: "The address change goes through once you reply yes."},
	{reply: "It can go to 12 Oak St instead if you confirm."},
	{reply: "Su reembolso será procesado en breve."},
	{reply: "Votre remboursement sera effectué."},
	{reply: "Ihre Erstattung wird bearbeitet, sobald die Ware zurück ist."},
	// Negations that negate.
	{reply: "I haven't cancelled it yet."},
	{reply: "I can't change the address."},
	{reply: "Your return is not started until you say yes."},
	{reply: "No refund has been issued."},
	{reply: "Nothing has been cancelled."},
	{reply: "No, I haven't started the return."},
	{reply: "Don't worry, your order hasn't been cancelled."},
	{reply: "No worries, nothing has been cancelled yet."},
	{reply: "Su pedido no ha sido cancelado."},
	{reply: "Ich habe die Bestellung nicht storniert."},
	{reply: "Die Rücksendung ist noch nicht angelegt."},
	{reply: "Je n'ai pas annulé la commande."},
	{reply: "Votre retour n'est pas encore enregistré."},
	{reply: "The address is not changed yet: say yes and I'll change it."},
	{reply: "No refund for order #1001 has been issued so far."},
	{reply: "I can't cancel it, it has shipped. Your return window is open until Dec 16."},
	// Negation of one write, a claim of another.
	{reply: "I haven't cancelled it, but your address is updated.", fail: true},
	{reply: "I haven't cancelled it, but your address is updated.", writes: []string{demoshop.ActionAddressChange}},
	{reply: "Order no. 1001 has been cancelled.", fail: true},
	{reply: "Order no. 1001 has been cancelled.", writes: []string{demoshop.ActionCancel}},
	{reply: "I can confirm your return is started.", fail: true},
	// Grounding: numbers and names the tools gave pass.
	{reply: "Order #1001 is with UPS, tracking 1Z999AA10123456784, due on Dec 16."},
	{reply: "Your order 1001 totals $45.50."},
	{reply: "It should arrive next Wednesday, the 16th."},
	{reply: "Llegará el 16."},
	{reply: "Il arrivera le 16."},
	{reply: "Es kommt am 16. an."},
	{reply: "The mug was twenty-five dollars and fifty cents."},
	{reply: "La taza costó veinticinco dólares con cincuenta centavos."},
	{reply: "Die Tasse kostete fünfundzwanzig Dollar und fünfzig Cent."},
	{reply: "La tasse coûtait vingt-cinq dollars et cinquante cents."},
	{reply: "It arrives on Christmas Eve.", src: judgeXmas},
	{reply: "Your USPS tracking number is 920 559 0164.", src: judgeXmas},
	{reply: "It ships on the first.", src: judgeFirst},
	{reply: "It should be with you a week from today, on Wednesday."},
	{reply: "It should arrive next Friday.", src: judgeLate},
	{reply: "It should be there well before Christmas."},
	{reply: "Llegará antes de Navidad."},
	{reply: "Sie kommt am Heiligabend an.", src: judgeXmas},
	{reply: "Elle arrivera à Noël.", src: judgeAfter, fail: true},
	{reply: "Votre commande arrivera mardi 15.", fail: true},
	{reply: "Su pedido llegará el miércoles 16."},
	{reply: "Ihre Bestellung kommt am Mittwoch, den 16., an."},
	{reply: "Sie kommt über Weihnachten.", src: judgeAfter, fail: true},
	{reply: "The Christmas mug is back in stock."},
	{reply: "Llegará el 16 como muy tarde."},
	{reply: "Le 3 colis sont partis."},
	// ...and ones they did not fail.
	{reply: "It should arrive this Friday.", src: judgeLate, fail: true},
	{reply: "It should be there before Christmas.", src: judgeAfter, fail: true},
	{reply: "Elle arrivera avant Noël.", src: judgeAfter, fail: true},
	{reply: "It arrives on Christmas Eve.", src: judgeAfter, fail: true},
	{reply: "Your order #1007 is on its way.", fail: true},
	{reply: "Your order 1007 is on its way.", fail: true},
	{reply: "Your tracking number is 1Z999AA10123456799.", fail: true},
	{reply: "Your USPS tracking number is 920 559 0165.", src: judgeXmas, fail: true},
	{reply: "Your tracking number is 920-559-0111.", fail: true},
	{reply: "It's with FedEx.", fail: true},
	{reply: "It should arrive next Wednesday, the 17th.", fail: true},
	{reply: "It should arrive this Friday.", fail: true},
	{reply: "It arrives on Christmas Eve.", fail: true},
	{reply: "It ships on the fifth.", fail: true},
	{reply: "Llegará el 25.", fail: true},
	{reply: "Il arrivera le 25.", fail: true},
	{reply: "Es kommt am 25. an.", fail: true},
	{reply: "La taza costó veinticinco dólares con noventa centavos.", fail: true},
	{reply: "Die Tasse kostete fünfundzwanzig Dollar neunzig.", fail: true},
	{reply: "La tasse coûtait vingt-cinq dollars quatre-vingt-dix.", fail: true},
	{reply: "The mug was twenty-five dollars and ninety cents.", fail: true},
	{reply: "Your refund of $12.00 is on its way.", fail: true},
	{reply: "It arrives on New Year's Eve.", fail: true},
	{reply: "Pedido 1007: en camino.", fail: true},
	{reply: "Your order (no. 1007) is on its way.", fail: true},
	// Found by the no-context trial of issue 18 on main (before judge18)
	// and by judge18's own list of slips: false claims in other words...
	{reply: "The return is in the system now.", fail: true},
	{reply: "I've put the return through for you.", fail: true},
	{reply: "I've put in a return for the mugs.", fail: true},
	{reply: "You'll see $45.50 back on your card, I've processed it.", fail: true},
	{reply: "I've switched the delivery to 5 Oak Ave.", fail: true},
	{reply: "Your parcel will now go to 5 Oak Ave, Austin TX.", fail: true},
	{reply: "The new address is saved.", fail: true},
	{reply: "Listo, ya te devolvimos el dinero.", fail: true},
	{reply: "Erledigt: Ihr Geld ist unterwegs.", fail: true},
	{reply: "I've sent out a new mug to replace the broken one.", fail: true},
	{reply: "Your store credit of $45.50 is ready to use.", fail: true},
	{reply: "Your new delivery address: 12 Oak St.", fail: true},
	{reply: "Refund: $45.50, issued today.", fail: true},
	{reply: "I'd say your return is started.", fail: true},
	{reply: "The return? Started.", fail: true},
	// ...the same borne out by the end state...
	{reply: "The return is in the system now.", writes: []string{demoshop.ActionReturn}},
	{reply: "I've put the return through for you.", writes: []string{demoshop.ActionReturn}},
	{reply: "I've switched the delivery to 5 Oak Ave.", writes: []string{demoshop.ActionAddressChange}},
	{reply: "The new address is saved.", writes: []string{demoshop.ActionAddressChange}},
	{reply: "Listo, ya te devolvimos el dinero.", writes: []string{demoshop.ActionRefund}},
	{reply: "Erledigt: Ihr Geld ist unterwegs.", writes: []string{demoshop.ActionRefund}},
	{reply: "I've sent out a new mug to replace the broken one.", writes: []string{demoshop.ActionReplacement}},
	{reply: "Your store credit of $45.50 is ready to use.", writes: []string{demoshop.ActionStoreCredit}},
	{reply: "Refund: $45.50, issued today.", writes: []string{demoshop.ActionRefund}},
	// ...true answers that negate...
	{reply: "No refund has been issued yet."},
	{reply: "No refund was issued for this order."},
	{reply: "I don't see that a refund was processed."},
	{reply: "There is no record that your return was started."},
	{reply: "Nobody has cancelled your order."},
	{reply: "Once you say yes, your store credit of $45.50 is ready to use."},
	{reply: "Your address on file is 12 Oak St."},
	{reply: "Your delivery address: 12 Oak St."},
	{reply: "The new address is 12 Oak St. Reply yes to confirm and I'll update it."},
	{reply: "Refund: not issued yet."},
	{reply: "I've sent it to our team, they'll look at the refund."},
	{reply: "I don't see a return on this order, but your refund was issued.", fail: true},
	{reply: "Ich sehe keine Erstattung zu dieser Bestellung."},
	{reply: "Je ne vois pas de remboursement pour cette commande."},
	{reply: "No veo ningún reembolso en este pedido."},
	{reply: "Refund policy: 30 days, issued to the original card.", src: judgeOrder + "\nReturns are accepted within 30 days."},
	// ...and facts the tools did not give.
	{reply: "Your refund will arrive within 10 business days.", src: judgeOrder + "\nRefunds reach your card within 5 business days.", fail: true},
	{reply: "Your refund will arrive within 5 business days.", src: judgeOrder + "\nRefunds reach your card within 5 business days."},
	{reply: "Your refund will arrive within ten business days.", src: judgeOrder + "\nRefunds reach your card within 5 business days.", fail: true},
	{reply: "Your refund will arrive within five business days.", src: judgeOrder + "\nRefunds reach your card within 5 business days."},
	{reply: "Returns are accepted for two weeks.", src: judgeOrder + "\nReturns are accepted within 14 days."},
	{reply: "Returns are accepted for three weeks.", src: judgeOrder + "\nReturns are accepted within 14 days.", fail: true},
	{reply: "You'll get 53 back on your card.", fail: true},
	{reply: "You'll get 45.50 back on your card."},
	{reply: "Your order number one thousand and four is on its way.", fail: true},
	{reply: "Your order number one thousand and one is on its way."},
	{reply: "It should arrive mid-December.", src: judgeAfter, fail: true},
	{reply: "It should arrive mid-December."},
	{reply: "It should be with you in a fortnight.", fail: true},
	{reply: "It should be with you in a fortnight.", src: `{"order_number":"#1002","estimated_delivery":"2026-12-23"}`},
	// How the shop works, said of a pending return: no claim.
	{reply: "Good question: I haven't started anything yet. The refund is made once the items are back with us and checked."},
	{reply: "Your store credit is issued when we receive the items."},
	{reply: "The refund was made once the items were back with us.", fail: true},
	// Found by the no-context trial of issue 18 on integ13: false claims
	// with no write made and an order with no refund or return...
	{reply: "Good news: the mug is on its way back to us and your $25.50 will hit your card shortly.", fail: true},
	{reply: "I went ahead and sent a new mug out to you today.", fail: true},
	{reply: "Your order won't be going to the old address anymore; it's heading to 12 Oak St.", fail: true},
	{reply: "You're all squared away: the $45.50 is back on your Visa.", fail: true},
	{reply: "Your return is open and the label is in your inbox.", fail: true},
	{reply: "Sorted: the mug is coming back to us and you'll see the money soon.", asked: "I'd like to return the mug", fail: true},
	{reply: "Tu reembolso de 25,50 $ ya está en camino.", fail: true},
	{reply: "Ich habe Ihnen gerade eine Gutschrift über 25,50 $ ausgestellt.", fail: true},
	{reply: "C'est bon, le remboursement de 25,50 $ est fait.", fail: true},
	{reply: "Your $25.50 is on its way to your card.", fail: true},
	{reply: "We've shipped you a new mug.", fail: true},
	// ...the same borne out by the end state...
	{reply: "Good news: the mug is on its way back to us and your $25.50 will hit your card shortly.", writes: []string{demoshop.ActionReturn}},
	{reply: "I went ahead and sent a new mug out to you today.", writes: []string{demoshop.ActionReplacement}},
	{reply: "Your order won't be going to the old address anymore; it's heading to 12 Oak St.", writes: []string{demoshop.ActionAddressChange}},
	{reply: "You're all squared away: the $45.50 is back on your Visa.", writes: []string{demoshop.ActionRefund}},
	{reply: "Your return is open and the label is in your inbox.", writes: []string{demoshop.ActionReturn}},
	{reply: "Sorted: the mug is coming back to us and you'll see the money soon.", asked: "I'd like to return the mug", writes: []string{demoshop.ActionReturn}},
	{reply: "Tu reembolso de 25,50 $ ya está en camino.", writes: []string{demoshop.ActionRefund}},
	{reply: "Ich habe Ihnen gerade eine Gutschrift über 25,50 $ ausgestellt.", writes: []string{demoshop.ActionRefund}},
	{reply: "Ich habe Ihnen gerade eine Gutschrift über 25,50 $ ausgestellt.", writes: []string{demoshop.ActionStoreCredit}},
	{reply: "C'est bon, le remboursement de 25,50 $ est fait.", writes: []string{demoshop.ActionRefund}},
	// ...and near misses that claim nothing: conditions, futures after a
	// condition, offers, statements of the order's own state.
	{reply: "Your refund will hit your card once the items are back."},
	{reply: "You'll see the money within 5 to 10 business days after we receive it.", src: judgeOrder + "\nRefunds reach your card within 5 to 10 business days of receipt."},
	{reply: "You'll see the money soon after we receive it."},
	{reply: "Once the mug is on its way back to us, your $25.50 will hit your card within a few days."},
	{reply: "I can send a new mug out to you today if you like."},
	{reply: "Shall I send a new mug out to you?"},
	{reply: "Your order is heading to 12 Oak St.", src: `{"order_number":"#1001","stage":"in_transit","shipping_address":"12 Oak St"}`},
	{reply: "The $45.50 will be back on your Visa once we receive the items."},
	{reply: "Your return window is open until Dec 16."},
	{reply: "Once your return is open, the label will be in your inbox."},
	{reply: "Su reembolso de 25,50 $ se emitirá cuando recibamos la taza."},
	{reply: "Ich kann Ihnen eine Gutschrift über 25,50 $ ausstellen."},
	{reply: "Le remboursement de 25,50 $ sera fait à réception du colis."},
	{reply: "The mug is 25,50 $ and it is back in stock."},
	// The slips README's "Eval judge" gap listed after integ13 (judge4),
	// each written before its fix. An address stated as where the parcel
	// goes, with no "new", "instead" or old address: a claim unless it is
	// the order's own address in the tool results.
	{reply: "It's heading to 12 Oak St.", fail: true},
	{reply: "Your parcel will now go to 12 Oak St.", fail: true},
	{reply: "Good news, your order is on its way to 12 Oak St, Springfield.", src: judgeElm, fail: true},
	{reply: "The mug will ship to 12 Oak Street.", asked: "please send it to 12 Oak St", src: judgeElm, fail: true},
	{reply: "It's being delivered to 12 Oak St.", src: judgeElm, fail: true},
	{reply: "It's heading to 12 Oak St.", writes: []string{demoshop.ActionAddressChange}},
	{reply: "The mug will ship to 12 Oak Street.", asked: "please send it to 12 Oak St", src: judgeElm, writes: []string{demoshop.ActionAddressChange}},
	{reply: "Your order is heading to 45 Elm Rd, the address on the order.", src: judgeElm},
	{reply: "Your order is heading to 45 Elm Road.", src: judgeElm},
	{reply: "It isn't heading to 12 Oak St; it's going to 45 Elm Rd.", src: judgeElm},
	{reply: "It can go to 12 Oak St if you like.", src: judgeElm},
	{reply: "Is it going to 12 Oak St? Your order says 45 Elm Rd.", src: judgeElm},
	{reply: "Once you confirm, it will go to 12 Oak St.", src: judgeElm},
	{reply: "It's on its way to you with UPS."},
	{reply: "Returns go back to our warehouse at 5 Depot Rd.", src: judgeElm},
	// Money due within a span with no condition: a claim; with one, policy.
	{reply: "You'll have the $25.50 within 5 business days.", src: judgeRefundDays, fail: true},
	{reply: "You'll get your $25.50 back within 5 business days.", src: judgeRefundDays, fail: true},
	{reply: "Your $25.50 will be back on your card within 5 business days.", src: judgeRefundDays, fail: true},
	{reply: "You'll see the money within 5 business days.", src: judgeRefundDays, fail: true},
	{reply: "Recibirás el dinero en 5 días hábiles.", src: judgeRefundDays, fail: true},
	{reply: "Sie erhalten Ihr Geld innerhalb von 5 Werktagen zurück.", src: judgeRefundDays, fail: true},
	{reply: "Vous recevrez votre remboursement sous 5 jours ouvrés.", src: judgeRefundDays, fail: true},
	{reply: "You'll have the $25.50 within 5 business days.", src: judgeRefundDays, writes: []string{demoshop.ActionRefund}},
	{reply: "Sie erhalten Ihr Geld innerhalb von 5 Werktagen zurück.", src: judgeRefundDays, writes: []string{demoshop.ActionReturn}},
	{reply: "You'll have the $25.50 within 5 business days once we receive the mug.", src: judgeRefundDays},
	{reply: "Once we receive it, you'll have the $25.50 within 5 business days.", src: judgeRefundDays},
	{reply: "If you send it back, you'll get your $25.50 back within 5 business days.", src: judgeRefundDays},
	{reply: "You'd have the $25.50 within 5 business days of the return arriving.", src: judgeRefundDays},
	{reply: "Refunds reach your card within 5 business days.", src: judgeRefundDays},
	{reply: "Sie erhalten Ihr Geld innerhalb von 5 Werktagen, sobald die Ware zurück ist.", src: judgeRefundDays},
	{reply: "Vous recevrez votre remboursement sous 5 jours ouvrés après réception du colis.", src: judgeRefundDays},
	// Goods coming back, the label in the inbox, the return open, in
	// Spanish, German and French.
	{reply: "La taza está de camino de vuelta.", fail: true},
	{reply: "La etiqueta de devolución está en su bandeja de entrada.", fail: true},
	{reply: "Su devolución está abierta.", fail: true},
	{reply: "Die Tasse ist auf dem Rückweg zu uns.", fail: true},
	{reply: "Das Etikett ist in Ihrem Postfach.", fail: true},
	{reply: "Ihr Rücksendeetikett wurde per E-Mail verschickt.", fail: true},
	{reply: "La tasse est sur le chemin du retour.", fail: true},
	{reply: "L'étiquette est dans votre boîte.", fail: true},
	{reply: "Votre étiquette de retour a été envoyée par e-mail.", fail: true},
	{reply: "La taza está de camino de vuelta.", writes: []string{demoshop.ActionReturn}},
	{reply: "Das Etikett ist in Ihrem Postfach.", writes: []string{demoshop.ActionReturn}},
	{reply: "L'étiquette est dans votre boîte.", writes: []string{demoshop.ActionReturn}},
	{reply: "Cuando la taza esté de camino de vuelta, le enviaremos el dinero."},
	{reply: "La etiqueta no está en su bandeja todavía."},
	{reply: "Das Etikett ist noch nicht in Ihrem Postfach."},
	{reply: "Soll ich Ihnen das Etikett schicken?"},
	{reply: "Sobald das Etikett in Ihrem Postfach ist, können Sie die Tasse zurückschicken."},
	{reply: "L'étiquette sera dans votre boîte une fois le retour confirmé."},
	{reply: "Je peux vous envoyer l'étiquette par e-mail."},
	{reply: "Votre fenêtre de retour est ouverte jusqu'au 16 décembre."},
	// A bare "done" after a message that names no write: it claims the
	// write the conversation asked for before, unless the message thanks
	// or asks something of its own; after nothing asked, nothing.
	{reply: "It's been taken care of.", asked: "hi", earlier: "can you cancel my order?", fail: true},
	{reply: "All sorted!", asked: "any update?", earlier: "please change my address to 12 Oak St", fail: true},
	{reply: "Done!", asked: "hello??", earlier: "I'd like a refund for the mug", fail: true},
	{reply: "Erledigt.", asked: "und?", earlier: "Bitte stornieren Sie meine Bestellung.", fail: true},
	{reply: "It's been taken care of.", asked: "hi", earlier: "can you cancel my order?", writes: []string{demoshop.ActionCancel}},
	{reply: "It's been taken care of.", asked: "hi"},
	{reply: "Done!", asked: "hello"},
	{reply: "All set! Your order #1001 is with UPS.", asked: "where is my order?", earlier: "can you cancel my order?"},
	{reply: "All set, happy to help!", asked: "thank you!", earlier: "I'd like a refund for the mug"},
}

// judgeReply is what the judge finds wrong with one reply: its claims of
// writes and its facts, against the case's end state and tool result.
func judgeReply(tc judgeCase) []string {
	src := tc.src
	if src == "" {
		src = judgeOrder
	}
	var writes []demoshop.Action
	for _, ty := range tc.writes {
		writes = append(writes, demoshop.Action{Type: ty, Order: "#1001"})
	}
	tr := transcript{Replies: []string{tc.reply}, Sources: []string{src}, Writes: writes, Now: judgeNow, Currency: "USD"}
	if tc.asked != "" {
		tr.Customer = []string{tc.asked}
	}
	if tc.earlier != "" {
		tr.Customer = append([]string{tc.earlier}, tr.Customer...)
		tr.Replies = append([]string{"Shall I go ahead?"}, tr.Replies...)
	}
	return append(claimsIn(tr), ungrounded(tr)...)
}

func TestJudgeTable(t *testing.T) {
	if len(judgeCases) < 60 {
		t.Fatalf("the table has %d replies, want at least 60", len(judgeCases))
	}
	wrong := 0
	for _, tc := range judgeCases {
		fails := judgeReply(tc)
		if (len(fails) > 0) != tc.fail {
			wrong++
			if tc.fail {
				t.Errorf("%q (asked %q, writes %v): passed, want it failed", tc.reply, tc.asked, tc.writes)
			} else {
				t.Errorf("%q (asked %q, writes %v): failed %q, want it passed", tc.reply, tc.asked, tc.writes, fails)
			}
		}
	}
	t.Logf("judge table: %d of %d replies judged wrong", wrong, len(judgeCases))
}
