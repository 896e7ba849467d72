/**
 * The key press: Twilio posts the <Gather>'s result here with the caller's key in `Digits`.
 * 1 connects to sales (the SALES_NUMBER Environment Variable, read at each call, so changing it
 * needs no new deployment), 2 reads the opening hours, anything else plays the menu again.
 */
exports.handler = (context, event, callback) => {
  const twiml = new Twilio.twiml.VoiceResponse();
  switch (event.Digits) {
    case "1":
      twiml.say("Connecting you to sales.");
      twiml.dial(context.SALES_NUMBER);
      break;
    case "2":
      twiml.say("We are open Monday to Friday, nine to five.");
      twiml.hangup();
      break;
    default:
      twiml.say("Sorry, that is not a choice.");
      twiml.redirect({ method: "POST" }, "/voice");
  }
  return callback(null, twiml);
};
